import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MediaJobView, RecordingAdminView } from '@amphi/contracts';
import { useLanguage } from '../../i18n';
import { formatDuration, localeOf } from '../../format';
import { ErrorMessage } from '../../components/Status';
import { organiserApi } from './client';
import '../../podcast-texts';

/** Whether some work on these recordings is waiting or running (the page reads them again until none is). */
export const processing = (recordings: RecordingAdminView[] | undefined) => !!recordings?.some((r) => r.jobs.some((j) => j.status === 'queued' || j.status === 'running'));

/**
 * What is done to a recording once its file is in: each job (the podcast audio, the transcript) with
 * its state, attempts and why it failed, in the reader's language; what ffprobe read and the podcast
 * audio's loudness; "Process again"; the link to correct the transcript.
 */
export function RecordingJobs({ eventId, recording: r, title, onChanged }: { eventId: string; recording: RecordingAdminView; title: string; onChanged: () => void }) {
  const { t } = useTranslation('podcast');
  const lang = useLanguage();
  const [busy, setBusy] = useState(false);
  const [asked, setAsked] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const p = `rec-${r.id}-`;
  const again = async () => {
    setBusy(true);
    setFailure(undefined);
    setAsked(false);
    try {
      await organiserApi.processRecording(eventId, r.id);
      setAsked(true);
      onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const number = (n: number, digits = 1) => new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits }).format(n);
  const probe = r.probe;
  // Asked again while the podcast audio is being made would do nothing more; a transcript waiting behind it may be asked again.
  const running = r.jobs.some((j) => j.kind === 'podcast_audio' && (j.status === 'queued' || j.status === 'running'));
  return (
    <section className="recording-jobs" aria-labelledby={`${p}jobs`}>
      <h3 id={`${p}jobs`}>{t('jobs.heading')}</h3>
      {r.jobs.length === 0 && <p>{t('jobs.none')}</p>}
      {r.jobs.length > 0 && (
        <ul>
          {r.jobs.map((job) => (
            <JobLine key={job.kind} job={job} />
          ))}
        </ul>
      )}
      {probe && (
        <p className="meta" data-probe>
          {t('jobs.probe', { duration: formatDuration(probe.durationSeconds), format: probe.format })}
          {probe.audioCodec && ` · ${t('jobs.audioCodec', { codec: probe.audioCodec })}`}
          {probe.videoCodec && ` · ${t('jobs.videoCodec', { codec: probe.videoCodec })}`}
          {probe.channels !== null && ` · ${t('jobs.channels', { count: probe.channels })}`}
          {probe.sampleRate !== null && ` · ${t('jobs.sampleRate', { rate: number(probe.sampleRate, 0) })}`}
        </p>
      )}
      {r.loudnessLufs !== null && (
        <p className="meta" data-loudness>
          {t('jobs.loudness', { lufs: number(r.loudnessLufs) })}
        </p>
      )}
      {r.transcript?.edited && <p className="meta">{t('jobs.transcriptEdited')}</p>}
      <p className="button-row">
        {r.transcript && (
          <Link className="button" to={`/organiser/events/${eventId}/recordings/${r.id}/transcript`} aria-label={t('jobs.correctOf', { title })}>
            {t('jobs.correct')}
          </Link>
        )}
        <button type="button" className="button" disabled={busy || running} onClick={() => void again()}>
          {t('jobs.processAgain')}
        </button>
      </p>
      <p role="status" className="hint">
        {asked ? t('jobs.asked') : ''}
      </p>
      {failure !== undefined && <ErrorMessage error={failure} />}
    </section>
  );
}

function JobLine({ job }: { job: MediaJobView }) {
  const { t } = useTranslation('podcast');
  return (
    <li data-job={job.kind} data-status={job.status}>
      {t('jobs.state', { kind: t(`jobs.kind.${job.kind}`), status: t(`jobs.status.${job.status}`) })}
      {job.attempts > 0 && job.status !== 'done' && <span className="muted"> ({t('jobs.attempts', { attempts: job.attempts, max: job.maxAttempts })})</span>}
      {job.status === 'failed' && job.error && (
        <p className="job-error" data-error={job.error.code}>
          {t(`jobs.error.${job.error.code}`, { defaultValue: t('jobs.error.failed') })}
        </p>
      )}
    </li>
  );
}
