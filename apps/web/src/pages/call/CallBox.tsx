import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { callQueries } from './client';
import { CallStateText } from './common';
import './texts';

/**
 * On the event page: the call for communications with its state ("Opens on …", "Open until …",
 * "Closed"), and the book of abstracts once it has entries. Nothing when the event has no published call.
 */
export function CallBox({ slug, published }: { slug: string; published: boolean }) {
  const { t } = useTranslation('call');
  const callRead = useQuery({ ...callQueries.call(slug), enabled: published });
  const book = useQuery({ ...callQueries.abstracts(slug), enabled: !!callRead.data });
  const call = callRead.data;
  if (!call || call.state === 'unpublished') return null;
  const hasAbstracts = !!book.data?.sessions.some((s) => s.abstracts.length > 0);
  return (
    <section aria-labelledby="call-box" className="card call-card">
      <h2 id="call-box">{t('box.title')}</h2>
      <p>
        <CallStateText call={call} />
      </p>
      <p className="button-row">
        <Link className={call.state === 'open' ? 'button button-primary' : 'button'} to={`/events/${slug}/call`}>
          {call.state === 'open' ? t('box.propose') : t('box.read')}
        </Link>
        {hasAbstracts && (
          <Link className="button" to={`/events/${slug}/abstracts`}>
            {t('box.abstracts')}
          </Link>
        )}
      </p>
    </section>
  );
}
