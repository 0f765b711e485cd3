import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Language, RecordingView } from '@amphi/contracts';
import { useLanguage } from '../i18n';
import { formatBytes, formatDateTime, formatDuration } from '../format';
import { Localized } from './Localized';

/** One published recording: a player per file (video, or the sound alone), its chapters, downloads. */
export function RecordingItem({
  recording,
  slug,
  mainLanguage,
  timeZone,
  headingLevel = 3,
  linkTitle = true,
}: {
  recording: RecordingView;
  slug: string;
  mainLanguage: Language;
  timeZone: string;
  headingLevel?: 1 | 2 | 3;
  linkTitle?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const players = useRef(new Map<string, HTMLMediaElement>());
  const lastPlayed = useRef<string | null>(null);
  const Heading = `h${headingLevel}` as const;
  const SubHeading = `h${headingLevel + 1}` as 'h2' | 'h3' | 'h4';
  const titleId = `recording-${recording.id}`;

  const seek = (seconds: number) => {
    const id = lastPlayed.current ?? recording.files[0]?.id;
    const player = id ? players.current.get(id) : undefined;
    if (!player) return;
    player.currentTime = seconds;
    void player.play().catch(() => undefined); // a browser may refuse to play without a gesture it trusts
    player.focus();
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
      {recording.files.map((file) => {
        const label = t(file.kind === 'video' ? 'recordings.video' : 'recordings.audio');
        const ref = (el: HTMLMediaElement | null) => {
          if (el) players.current.set(file.id, el);
          else players.current.delete(file.id);
        };
        const onPlay = () => {
          lastPlayed.current = file.id;
        };
        return (
          <figure key={file.id} className="player">
            {file.kind === 'video' ? (
              <video ref={ref} controls preload="metadata" src={file.url} onPlay={onPlay} aria-labelledby={`${titleId} ${titleId}-${file.id}`} lang={recording.language}>
                <a href={file.url}>{t('recordings.download')}</a>
              </video>
            ) : (
              <audio ref={ref} controls preload="metadata" src={file.url} onPlay={onPlay} aria-labelledby={`${titleId} ${titleId}-${file.id}`} lang={recording.language}>
                <a href={file.url}>{t('recordings.download')}</a>
              </audio>
            )}
            <figcaption id={`${titleId}-${file.id}`}>
              {label} ·{' '}
              <a href={file.url} download>
                {t('recordings.downloadFile', { type: file.contentType, size: formatBytes(file.size, lang) })}
              </a>
            </figcaption>
          </figure>
        );
      })}
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
