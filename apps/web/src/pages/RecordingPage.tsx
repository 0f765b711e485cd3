import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { subscribePage } from '../podcast-api';
import { firstFailure, publicQueries } from '../query';
import { useLanguage } from '../i18n';
import { pick } from '../components/Localized';
import { EventCrumb } from '../components/EventCrumb';
import { RecordingItem } from '../components/Recordings';
import { TalkMaterials } from '../components/Materials';
import { TranscriptPanel } from '../components/Transcript';
import { ErrorMessage, Loading, useDocumentTitle } from '../components/Status';

/** `/events/:slug/recordings/:recordingId`: one published recording (the podcast feed's episode links point here). */
export function RecordingPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { slug = '', recordingId = '' } = useParams();
  const eventRead = useQuery(publicQueries.event(slug));
  const recordingRead = useQuery(publicQueries.recording(slug, recordingId));
  const [player, setPlayer] = useState<HTMLMediaElement | null>(null);
  const title = recordingRead.data ? pick(recordingRead.data.title, lang, recordingRead.data.language)?.text : undefined;
  useDocumentTitle(title);
  const failed = firstFailure(eventRead, recordingRead);
  if (failed) return <ErrorMessage error={failed.error} onRetry={failed.retry} />;
  if (!eventRead.data || !recordingRead.data) return <Loading />;
  const event = eventRead.data;
  const recording = recordingRead.data;
  const session = event.sessions.find((s) => s.id === recording.sessionId);
  return (
    <>
      <EventCrumb event={event} current={title} />
      <RecordingItem recording={recording} slug={event.slug} mainLanguage={event.mainLanguage} timeZone={event.timeZone} headingLevel={1} linkTitle={false} onPlayer={setPlayer} />
      {recording.transcript && <TranscriptPanel links={recording.transcript} player={player} />}
      {session && <TalkMaterials sessions={[session]} fallback={event.mainLanguage} />}
      <ul className="inline-links">
        {session && (
          <li>
            <Link to={`/events/${event.slug}/sessions/${session.id}`}>{t('recordings.session')}</Link>
          </li>
        )}
        <li>
          <Link to={subscribePage(event.slug)}>{t('event.podcast')}</Link>
        </li>
      </ul>
    </>
  );
}
