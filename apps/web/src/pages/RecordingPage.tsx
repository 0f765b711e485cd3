import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, links, recentEvent } from '../api';
import { useLanguage } from '../i18n';
import { pick } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { RecordingItem } from '../components/Recordings';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';
import { useResource } from '../components/useResource';

/** `/events/:slug/recordings/:recordingId`: one published recording (the podcast feed's episode links point here). */
export function RecordingPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { slug = '', recordingId = '' } = useParams();
  const loaded = useResource(`recording:${slug}:${recordingId}`, async (signal) => {
    const [event, recording] = await Promise.all([recentEvent(slug), api.recording(slug, recordingId, signal)]);
    return { event, recording };
  });
  const title = loaded.data ? pick(loaded.data.recording.title, lang, loaded.data.recording.language)?.text : undefined;
  useDocumentTitle(title);
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined || !loaded.data) return <ErrorMessage error={loaded.error} onRetry={loaded.reload} />;
  const { event, recording } = loaded.data;
  const session = event.sessions.find((s) => s.id === recording.sessionId);
  return (
    <>
      <EventCrumb event={event} current={title} />
      <RecordingItem recording={recording} slug={event.slug} mainLanguage={event.mainLanguage} timeZone={event.timeZone} headingLevel={1} linkTitle={false} />
      <ul className="inline-links">
        {session && (
          <li>
            <Link to={`/events/${event.slug}/sessions/${session.id}`}>{t('recordings.session')}</Link>
          </li>
        )}
        <li>
          <a href={links.podcast(event.slug)} type="application/rss+xml">
            {t('event.podcast')}
          </a>
        </li>
      </ul>
    </>
  );
}
