import { defineConfig } from 'vitest/config';

// Unit tests of the web app's pure parts (API client, formatting, translations); pages are covered by e2e/.
export default defineConfig({
  test: {
    include: ['web/src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
