import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DownloadView, Language, SessionView } from '@amphi/contracts';
import { useLanguage } from '../i18n';
import { formatBytes } from '../format';
import { Localized } from './Localized';

/** "PDF", "PPTX": the file name's extension (the API names a file after what its bytes are), else the type's subtype. */
export const fileType = (fileName: string, contentType: string) => (/\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1] ?? contentType.split('/').pop() ?? '').toUpperCase();

/**
 * Files to download: the event's (poster, programme, proceedings) or a talk's (slides, paper), each
 * with its title, kind, type and size. The public pages and the organiser's materials page show them
 * alike; the organiser's adds its buttons (`actions`) and its own links (`href`: drafts included).
 */
export function MaterialList({
  materials,
  fallback,
  href = (d) => d.url,
  actions,
}: {
  materials: DownloadView[];
  fallback: Language;
  href?: (d: DownloadView) => string;
  actions?: (d: DownloadView, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <ul className="downloads">
      {materials.map((d, index) => (
        <li key={d.id}>
          <a href={href(d)} download={d.fileName}>
            <Localized text={d.title} fallback={fallback} />
          </a>{' '}
          <span className="muted">
            ({t(`downloadKind.${d.kind}`)}, {fileType(d.fileName, d.contentType)}, {formatBytes(d.size, lang)})
          </span>
          {actions?.(d, index)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The materials of the talks of some sessions, talk by talk under the talk's title; talks without
 * any are left out, and nothing is drawn when none has any. `onlyOf`: the talks this person gives.
 */
export function TalkMaterials({
  sessions,
  fallback,
  onlyOf,
  headingLevel = 2,
  showSession = false,
}: {
  sessions: Array<Pick<SessionView, 'id' | 'title' | 'talks'>>;
  fallback: Language;
  onlyOf?: string;
  headingLevel?: 2 | 3;
  showSession?: boolean;
}) {
  const { t } = useTranslation();
  const talks = sessions.flatMap((s) =>
    s.talks.filter((talk) => (talk.materials?.length ?? 0) > 0 && (!onlyOf || talk.speakers.some((p) => p.id === onlyOf))).map((talk) => ({ session: s, talk })),
  );
  if (talks.length === 0) return null;
  const Heading = `h${headingLevel}` as 'h2' | 'h3';
  const TalkHeading = `h${headingLevel + 1}` as 'h3' | 'h4';
  const headingId = `materials-${sessions.map((s) => s.id.slice(0, 8)).join('-').slice(0, 40)}`;
  return (
    <section aria-labelledby={headingId} className="talk-materials">
      <Heading id={headingId}>{t('materials.heading')}</Heading>
      {talks.map(({ session, talk }) => (
        <div key={talk.id}>
          <TalkHeading>
            <Localized text={talk.title} fallback={fallback} />
            {showSession && (
              <span className="muted">
                {' '}
                — <Localized text={session.title} fallback={fallback} />
              </span>
            )}
          </TalkHeading>
          <MaterialList materials={talk.materials!} fallback={fallback} />
        </div>
      ))}
    </section>
  );
}
