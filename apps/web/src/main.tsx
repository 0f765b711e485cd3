import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import './i18n';
import './styles.css';
import { Layout } from './components/Layout';
import { TimeZoneProvider } from './components/TimeZone';
import { Loading, NotFound } from './components/Status';
import { RouteError } from './components/RouteError';
import { queryClient } from './query';

/** Each page is its own chunk, loaded when it is visited (the first page's only with the shell). */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => async () => ({ Component: (await load())[name] });

const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    HydrateFallback: Loading,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, lazy: page(() => import('./pages/HomePage'), 'HomePage') },
          { path: 'events/:slug', lazy: page(() => import('./pages/EventPage'), 'EventPage') },
          { path: 'events/:slug/register', lazy: page(() => import('./pages/RegisterPage'), 'RegisterPage') },
          { path: 'events/:slug/sessions/:sessionId', lazy: page(() => import('./pages/SessionPage'), 'SessionPage') },
          { path: 'events/:slug/sessions/:sessionId/live', lazy: page(() => import('./pages/live/LivePage'), 'LivePage') },
          { path: 'events/:slug/people/:personId', lazy: page(() => import('./pages/PersonPage'), 'PersonPage') },
          { path: 'events/:slug/recordings/:recordingId', lazy: page(() => import('./pages/RecordingPage'), 'RecordingPage') },
          { path: 'events/:slug/podcast', lazy: page(() => import('./pages/PodcastPage'), 'PodcastPage') },
          { path: 'events/:slug/call', lazy: page(() => import('./pages/call/CallPage'), 'CallPage') },
          { path: 'events/:slug/abstracts', lazy: page(() => import('./pages/call/AbstractsPage'), 'AbstractsPage') },
          { path: 'me', lazy: page(() => import('./pages/MePage'), 'MePage') },
          { path: 'me/proposals', lazy: page(() => import('./pages/call/MyProposalsPage'), 'MyProposalsPage') },
          { path: 'me/proposals/:proposalId', lazy: page(() => import('./pages/call/ProposalEditPage'), 'ProposalEditPage') },
          { path: 'me/reviews', lazy: page(() => import('./pages/call/MyReviewsPage'), 'MyReviewsPage') },
          { path: 'me/reviews/:proposalId', lazy: page(() => import('./pages/call/ReviewEditPage'), 'ReviewEditPage') },
          { path: 'organiser/login', lazy: page(() => import('./pages/organiser/LoginPage'), 'LoginPage') },
          { path: 'organiser/join', lazy: page(() => import('./pages/organiser/JoinPage'), 'JoinPage') },
          {
            path: 'organiser',
            lazy: page(() => import('./pages/organiser/OrganiserLayout'), 'OrganiserLayout'),
            children: [
              { index: true, lazy: page(() => import('./pages/organiser/EventsPage'), 'EventsPage') },
              { path: 'events', lazy: page(() => import('./pages/organiser/EventsPage'), 'EventsPage') },
              { path: 'events/:eventId', lazy: page(() => import('./pages/organiser/EventEditPage'), 'EventEditPage') },
              { path: 'events/:eventId/programme', lazy: page(() => import('./pages/organiser/ProgrammePage'), 'ProgrammePage') },
              { path: 'events/:eventId/people', lazy: page(() => import('./pages/organiser/PeoplePage'), 'PeoplePage') },
              { path: 'events/:eventId/people/:personId', lazy: page(() => import('./pages/organiser/PersonEditPage'), 'PersonEditPage') },
              { path: 'events/:eventId/committees', lazy: page(() => import('./pages/organiser/CommitteesPage'), 'CommitteesPage') },
              { path: 'events/:eventId/organisers', lazy: page(() => import('./pages/organiser/OrganisersPage'), 'OrganisersPage') },
              { path: 'events/:eventId/registrations', lazy: page(() => import('./pages/organiser/RegistrationsPage'), 'RegistrationsPage') },
              { path: 'events/:eventId/recordings', lazy: page(() => import('./pages/organiser/RecordingsPage'), 'RecordingsPage') },
              { path: 'events/:eventId/recordings/:recordingId/transcript', lazy: page(() => import('./pages/organiser/TranscriptEditPage'), 'TranscriptEditPage') },
              { path: 'events/:eventId/podcast', lazy: page(() => import('./pages/organiser/PodcastSettingsPage'), 'PodcastSettingsPage') },
              { path: 'events/:eventId/materials', lazy: page(() => import('./pages/organiser/MaterialsPage'), 'MaterialsPage') },
              { path: 'events/:eventId/messages', lazy: page(() => import('./pages/organiser/MessagesPage'), 'MessagesPage') },
              { path: 'events/:eventId/call', lazy: page(() => import('./pages/organiser/call/CallSettingsPage'), 'CallSettingsPage') },
              { path: 'events/:eventId/call/proposals', lazy: page(() => import('./pages/organiser/call/ProposalsPage'), 'ProposalsPage') },
              { path: 'events/:eventId/call/proposals/:proposalId', lazy: page(() => import('./pages/organiser/call/ProposalPage'), 'ProposalPage') },
              { path: 'events/:eventId/call/review', lazy: page(() => import('./pages/organiser/call/ReviewPage'), 'ReviewPage') },
              { path: 'events/:eventId/call/decisions', lazy: page(() => import('./pages/organiser/call/DecisionsPage'), 'DecisionsPage') },
              { path: 'events/:eventId/call/statistics', lazy: page(() => import('./pages/organiser/call/CallStatisticsPage'), 'CallStatisticsPage') },
            ],
          },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TimeZoneProvider>
        <RouterProvider router={router} />
      </TimeZoneProvider>
    </QueryClientProvider>
  </StrictMode>,
);
