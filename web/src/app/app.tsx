import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense, useEffect, useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import { isApiError } from '../lib/api';
import { PageSpinner, ToastProvider } from '../ui';
import { features } from './features';
import { createAppRouter } from './router';
import { watchSessionEnd } from './session';

/** Server state lives in react-query; 4xx answers are not retried (they will not change by asking again). */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, err) => failures < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

/** The providers and the router. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter(features));
  useEffect(() => watchSessionEnd(queryClient), [queryClient]);
  return (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <Suspense fallback={<PageSpinner />}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </Suspense>
      </QueryClientProvider>
    </StrictMode>
  );
}
