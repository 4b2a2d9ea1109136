import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { RouteError } from './components/RouteError';
import HomePage from './pages/HomePage';

// Home is in the entry bundle because nearly every visit starts there; the rest load on demand.
const SearchPage = lazy(() => import('./pages/SearchPage'));
const OfflinePage = lazy(() => import('./pages/OfflinePage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        // Pathless so errors render inside the layout: header, language picker and footer stay usable.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'search', element: <SearchPage /> },
          { path: 'offline', element: <OfflinePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
