import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { transcriptUpdateSchema, type RecordingAdminView, type TranscriptUpdateInput, type TranscriptView } from '@amphi/contracts';
import { ApiError } from '../../api';
import { FormText, useAmphiForm } from '../../forms';
import { useLanguage } from '../../i18n';
import { formatDateTime, viewerTimeZone } from '../../format';
import { pick } from '../../components/Localized';
import { Loading, useDocumentTitle } from '../../components/Status';
import { playFrom, transcriptTime, useCurrentSegment } from '../../components/Transcript';
import { queryClient, queryKeys } from '../../query';
import { organiserApi } from './client';
import { FormErrors } from './form';
import { EventNav, LoadError, useOrganiserEvent } from './OrganiserLayout';
import '../../podcast-texts';
import '../../podcast.css';

const transcriptKey = (eventId: string, recordingId: string) => [...queryKeys.organiser.recordings(eventId), recordingId, 'transcript'] as const;

/**
 * `/organiser/events/:eventId/recordings/:recordingId/transcript`: correct a transcript line by line,
 * with the recording's player (a line's time plays from it); saved whole (PUT), the API's refusals on
 * the lines they concern. A recording without a transcript yet says why (409 TRANSCRIPT_NOT_READY).
 */
export function TranscriptEditPage() {
  const { t } = useTranslation('podcast');
  const lang = useLanguage();
  const { recordingId = '' } = useParams();
  const { eventId, event } = useOrganiserEvent();
  const recordings = useQuery({ queryKey: queryKeys.organiser.recordings(eventId), queryFn: ({ signal }) => organiserApi.recordings(eventId, signal) });
  const transcript = useQuery({ queryKey: transcriptKey(eventId, recordingId), queryFn: ({ signal }) => organiserApi.transcript(eventId, recordingId, signal), staleTime: 0 });
  const recording = recordings.data?.find((r) => r.id === recordingId);
  const title = recording && event.data ? pick(recording.title, lang, event.data.mainLanguage)?.text : undefined;
  useDocumentTitle(title ? `${t('editor.heading')} — ${title}` : t('editor.heading'));
  if (event.isError) return <LoadError error={event.error} onRetry={() => void event.refetch()} />;
  if (recordings.isError) return <LoadError error={recordings.error} onRetry={() => void recordings.refetch()} />;
  if (!event.data || !recordings.data) return <Loading />;
  if (!recording) return <LoadError error={new ApiError(404, null, null)} />;
  const notReady = transcript.error instanceof ApiError && transcript.error.body?.code === 'TRANSCRIPT_NOT_READY';
  return (
    <>
      <EventNav event={event.data} />
      <h1>{t('editor.heading')}</h1>
      <p className="meta">{title}</p>
      <p>
        <Link to={`/organiser/events/${eventId}/recordings`}>{t('editor.back')}</Link>
      </p>
      {transcript.isPending && <Loading />}
      {transcript.isError && (
        <>
          <LoadError error={transcript.error} onRetry={notReady ? undefined : () => void transcript.refetch()} />
          {notReady && <p>{t('editor.notReadyHint')}</p>}
        </>
      )}
      {transcript.data && <TranscriptForm key={recordingId} eventId={eventId} recording={recording} transcript={transcript.data} />}
    </>
  );
}

type Values = { segments: Array<{ start: number; end: number; text: string }> };

function TranscriptForm({ eventId, recording, transcript }: { eventId: string; recording: RecordingAdminView; transcript: TranscriptView }) {
  const { t } = useTranslation('podcast');
  const lang = useLanguage();
  const [player, setPlayer] = useState<HTMLMediaElement | null>(null);
  const [saved, setSaved] = useState(false);
  const editor = useAmphiForm<Values, TranscriptUpdateInput>({
    schema: transcriptUpdateSchema,
    toInput: (v) => ({ segments: v.segments.map((s) => ({ start: Number(s.start), end: Number(s.end), text: s.text })) }),
    defaultValues: { segments: transcript.segments.map((s) => ({ start: s.start, end: s.end, text: s.text })) },
  });
  const current = useCurrentSegment(player, transcript.segments);
  const played = recording.files.find((f) => f.kind === 'video') ?? recording.files.find((f) => f.kind === 'podcast') ?? recording.files.find((f) => f.kind === 'audio') ?? recording.files[0];
  const save = editor.onSubmit(
    (input) => {
      setSaved(false);
      return organiserApi.saveTranscript(eventId, recording.id, input);
    },
    (result) => {
      queryClient.setQueryData(transcriptKey(eventId, recording.id), result);
      // The recordings' page (its "corrected" state) and any page showing this transcript read it again.
      void queryClient.invalidateQueries({ queryKey: queryKeys.organiser.recordings(eventId), exact: true });
      void queryClient.invalidateQueries({ queryKey: ['transcript'] });
      editor.form.reset({ segments: result.segments.map((s) => ({ start: s.start, end: s.end, text: s.text })) });
      setSaved(true);
    },
  );
  const labels: Record<string, string> = {};
  transcript.segments.forEach((s, i) => {
    labels[`segments.${i}.text`] = t('editor.line', { number: i + 1, time: transcriptTime(s.start) });
    labels[`segments.${i}.end`] = labels[`segments.${i}.text`];
    labels[`segments.${i}`] = labels[`segments.${i}.text`];
  });
  labels.segments = t('editor.heading');
  const dirty = editor.form.formState.isDirty;
  return (
    <>
      <p className="notice">{t('editor.note')}</p>
      <p className="meta" data-edited={transcript.editedAt ? 'true' : 'false'}>
        {transcript.editedAt ? t('editor.edited', { when: formatDateTime(transcript.editedAt, viewerTimeZone(), lang) }) : t('editor.automatic', { engine: transcript.engine })} · {t('editor.lines', { count: transcript.segments.length })}
      </p>
      {played && (
        <figure className="player">
          {played.kind === 'video' ? (
            <video ref={setPlayer} controls preload="metadata" src={played.url} aria-label={t('editor.heading')} playsInline />
          ) : (
            <audio ref={setPlayer} controls preload="metadata" src={played.url} aria-label={t('editor.heading')} />
          )}
        </figure>
      )}
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        {transcript.segments.map((s, i) => (
          <div key={i} className="transcript-edit-line" data-index={i} aria-current={i === current ? 'true' : undefined}>
            <button type="button" className="link-button transcript-time" onClick={() => playFrom(player, s.start)} aria-label={t('editor.playFrom', { time: transcriptTime(s.start) })}>
              {transcriptTime(s.start)}
            </button>
            <FormText form={editor.form} name={`segments.${i}.text`} label={labels[`segments.${i}.text`]} lang={transcript.language} errors={editor.errors} multiline required />
          </div>
        ))}
        <FormErrors errors={editor.errors} failure={editor.failure} labels={labels} summaryRef={editor.summaryRef} />
        <p className="button-row">
          <button type="submit" className="button button-primary" disabled={editor.busy}>
            {t('editor.save')}
          </button>
        </p>
        <p role="status" className={saved && !dirty ? 'notice notice-success' : 'hint'}>
          {saved && !dirty ? t('editor.saved') : dirty ? t('editor.changed') : ''}
        </p>
      </form>
    </>
  );
}
