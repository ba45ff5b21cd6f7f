import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { initI18n } from './i18n/i18n';
import './app/global.css';

await initI18n();
createRoot(document.getElementById('root')!).render(<App />);
