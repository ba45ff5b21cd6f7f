import { createBrowserRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import type { Feature, FeatureRoute } from './feature';
import { RequireSession, useSession } from './session';
import { visibleNav } from './navigation';
import { Shell } from './shell';
import { PageSpinner } from '../ui';
import { ForbiddenPage, NotFoundPage, RouteError } from './error-pages';

function RequireRole({ roles }: { roles: FeatureRoute['roles'] }) {
  const { role } = useSession();
  if (roles && !roles.includes(role)) return <ForbiddenPage />;
  return <Outlet />;
}

function toRouteObject(route: FeatureRoute): RouteObject {
  const page: RouteObject = {
    ...(route.index ? { index: true } : { path: route.path }),
    lazy: async () => ({ Component: await route.page() }),
    ...(route.children && !route.index ? { children: route.children.map(toRouteObject) } : {}),
  } as RouteObject;
  if (!route.roles) return page;
  return { element: <RequireRole roles={route.roles} />, children: [page] };
}

/** `/` goes to the first page the user's role has in the navigation. */
function Home({ features }: { features: readonly Feature[] }) {
  const { role } = useSession();
  const first = visibleNav(features, role)[0];
  return <Navigate to={first?.to ?? '/account'} replace />;
}

/** The route tree: public pages, then the shell with every feature's pages for signed-in users. */
export function createAppRouter(features: readonly Feature[]) {
  return createBrowserRouter([
    ...features.flatMap((f) => f.publicRoutes ?? []).map((r) => ({ ...toRouteObject(r), errorElement: <RouteError />, hydrateFallbackElement: <PageSpinner /> })),
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell features={features} />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      hydrateFallbackElement: <PageSpinner />,
      children: [
        {
          errorElement: <RouteError inShell />,
          children: [
            { index: true, element: <Home features={features} /> },
            ...features.flatMap((f) => f.routes ?? []).map(toRouteObject),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
