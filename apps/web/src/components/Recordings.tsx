import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language, RecordingView } from '@amphi/contracts';
import { useLanguage } from '../i18n';
import { formatBytes, formatDateTime, formatDuration } from '../format';
import { Localized } from './Localized';

/** One published recording: its player (with the transcript as captions), its files to download, its chapters. */
export function RecordingItem({
  recording,
  slug,
  mainLanguage,
  timeZone,
  headingLevel = 3,
  linkTitle = true,
  onPlayer,
}: {
  recording: RecordingView;
  slug: string;
  mainLanguage: Language;
  timeZone: string;
  headingLevel?: 1 | 2 | 3;
  linkTitle?: boolean;
  /** Receives the player (the recording page's transcript follows and seeks it). */
  onPlayer?: (player: HTMLMediaElement | null) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const player = useRef<HTMLMediaElement | null>(null);
  const Heading = `h${headingLevel}` as const;
  const SubHeading = `h${headingLevel + 1}` as 'h2' | 'h3' | 'h4';
  const titleId = `recording-${recording.id}`;
  // One player: the video when there is one, else the podcast audio (MP3, loudness-normalised) once it
  // is made, else the sound as it was recorded or uploaded. Every file stays downloadable.
  const played = recording.files.find((f) => f.kind === 'video') ?? recording.files.find((f) => f.kind === 'podcast') ?? recording.files.find((f) => f.kind === 'audio') ?? recording.files[0];
  const playerRef = useCallback(
    (el: HTMLMediaElement | null) => {
      player.current = el;
      onPlayer?.(el);
    },
    [onPlayer],
  );
  // The transcript as captions (WebVTT from the same origin: no crossOrigin needed), shown by default.
  const captions = recording.transcript ? (
    <track kind="captions" srcLang={recording.transcript.language} label={t(`languages.${recording.transcript.language}`)} src={recording.transcript.vtt} default />
  ) : null;

  const seek = (seconds: number) => {
    const el = player.current;
    if (!el) return;
    el.currentTime = seconds;
    void el.play().catch(() => undefined); // a browser may refuse to play without a gesture it trusts
    el.focus();
  };

  return (
    <article className="recording" aria-labelledby={titleId}>
      <Heading id={titleId} className="recording-title">
        {linkTitle ? (
          <Link to={`/events/${slug}/recordings/${recording.id}`}>
            <Localized text={recording.title} fallback={recording.language ?? mainLanguage} />
          </Link>
        ) : (
          <Localized text={recording.title} fallback={recording.language ?? mainLanguage} />
        )}
      </Heading>
      <p className="meta">
        {recording.startedAt && <time dateTime={recording.startedAt}>{formatDateTime(recording.startedAt, timeZone, lang)}</time>}
        {recording.durationSeconds !== null && <span> · {t('recordings.duration', { duration: formatDuration(recording.durationSeconds) })}</span>}
        <span>
          {' '}
          · {t('recordings.language', { language: t(`languages.${recording.language}`) })} · {t('recordings.licence', { licence: t(`licences.${recording.licence}`, { defaultValue: recording.licence }) })}
        </span>
      </p>
      <Localized as="p" className="prose" text={recording.description} fallback={recording.language ?? mainLanguage} />
      {played && (
        <figure className="player">
          {played.kind === 'video' ? (
            <video ref={playerRef} controls preload="metadata" src={played.url} aria-labelledby={`${titleId} ${titleId}-player`} lang={recording.language} playsInline>
              {captions}
              <a href={played.url}>{t('recordings.download')}</a>
            </video>
          ) : (
            <audio ref={playerRef} controls preload="metadata" src={played.url} aria-labelledby={`${titleId} ${titleId}-player`} lang={recording.language}>
              {captions}
              <a href={played.url}>{t('recordings.download')}</a>
            </audio>
          )}
          <figcaption id={`${titleId}-player`}>
            {t(played.kind === 'video' ? 'recordings.video' : 'recordings.audio')}
            {recording.files.map((file) => (
              <span key={file.id}>
                {' '}
                ·{' '}
                <a href={file.url} download data-kind={file.kind}>
                  {t('recordings.downloadFile', { type: file.contentType, size: formatBytes(file.size, lang) })}
                </a>
              </span>
            ))}
          </figcaption>
        </figure>
      )}
      {recording.chapters.length > 0 && (
        <section className="chapters" aria-labelledby={`${titleId}-chapters`}>
          <SubHeading id={`${titleId}-chapters`}>{t('recordings.chapters')}</SubHeading>
          <ol>
            {recording.chapters.map((chapter, i) => (
              <li key={i}>
                <button type="button" className="link-button" onClick={() => seek(chapter.startSeconds)}>
                  <span className="chapter-time">{formatDuration(chapter.startSeconds)}</span>{' '}
                  {/* A talk's title in the visitor's language, else the event's main language; a question as asked. */}
                  <Localized text={chapter.title} fallback={mainLanguage} />
                </button>{' '}
                <span className="muted">({t(`recordings.chapterKind.${chapter.kind}`)})</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}

export function RecordingList({
  recordings,
  slug,
  mainLanguage,
  timeZone,
}: {
  recordings: RecordingView[];
  slug: string;
  mainLanguage: Language;
  timeZone: string;
}) {
  return (
    <div className="recordings">
      {recordings.map((r) => (
        <RecordingItem key={r.id} recording={r} slug={slug} mainLanguage={mainLanguage} timeZone={timeZone} />
      ))}
    </div>
  );
}
