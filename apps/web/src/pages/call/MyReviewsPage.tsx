import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, Loading } from '../../components/Status';
import { PersonalGate, forgetAccessOn } from './access';
import { callQueries, type MyReviews } from './client';
import { When } from './common';
import './texts';

/** `/me/reviews`: a reviewer's assigned proposals, each to do, begun or submitted, and the review deadline. */
export function MyReviewsPage() {
  const { t } = useTranslation('call');
  return <PersonalGate title={t('reviews.title')}>{(token) => <MyReviewsContent token={token} />}</PersonalGate>;
}

function MyReviewsContent({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const read = useQuery(callQueries.myReviews(token));
  if (read.isError) {
    forgetAccessOn(read.error);
    return (
      <>
        <h1>{t('reviews.title')}</h1>
        <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />
      </>
    );
  }
  if (!read.data) return <Loading />;
  return (
    <article aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t('reviews.title')}</h1>
      <ReviewList data={read.data} />
      <p>
        <Link to="/me">{t('personal.mySpace')}</Link>
      </p>
    </article>
  );
}

/** The assigned proposals (also shown in the personal space). */
export function ReviewList({ data }: { data: MyReviews }) {
  const { t } = useTranslation('call');
  const done = data.items.filter((i) => i.status === 'submitted').length;
  return (
    <>
      {data.reviewDeadline && (
        <p className="notice">
          {t('reviews.deadline')} <When iso={data.reviewDeadline} zone={data.timeZone} />
        </p>
      )}
      {data.anonymousReview && <p>{t('reviews.anonymous')}</p>}
      {data.items.length === 0 ? (
        <p>{t('reviews.none')}</p>
      ) : (
        <>
          <p>{t('reviews.progress', { done, count: data.items.length })}</p>
          <table className="call-table">
            <caption className="visually-hidden">{t('reviews.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reviews.proposal')}</th>
                <th scope="col">{t('reviews.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.proposalId}>
                  <th scope="row">
                    <Link to={`/me/reviews/${item.proposalId}`}>{item.title}</Link>
                  </th>
                  <td>{t(`reviews.${item.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
