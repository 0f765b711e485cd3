import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { CallFunnel, CallSettingsView } from '@amphi/contracts';
import { Loading } from '../../../components/Status';
import { LoadError } from '../OrganiserLayout';
import { CallFrame } from './CallNav';
import { callApi, callKeys } from './client';
import { useCallLabels } from './labels';

/** The funnel's steps in order, then the two ways out. */
const STEPS: Array<keyof CallFunnel> = ['drafts', 'submitted', 'reviewed', 'accepted', 'confirmed', 'withdrawn', 'rejected'];
/** Distinct, colour-blind-safe (Okabe–Ito); every bar carries its number too, so no meaning rests on colour. */
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** `/organiser/events/:eventId/call/statistics`: the funnel drafts → submitted → reviewed → accepted → confirmed (and withdrawn, rejected), overall and per theme. */
export function CallStatisticsPage() {
  return <CallFrame titleKey="statistics.heading">{({ call, eventId }) => <Statistics eventId={eventId} call={call!} />}</CallFrame>;
}

function Statistics({ eventId, call }: { eventId: string; call: CallSettingsView }) {
  const L = useCallLabels(call);
  const { t } = L;
  const stats = useQuery({ queryKey: callKeys.statistics(eventId), queryFn: ({ signal }) => callApi.statistics(eventId, signal) });
  if (stats.isError) return <LoadError error={stats.error} onRetry={() => void stats.refetch()} />;
  if (stats.isPending) return <Loading />;
  const { funnel, byTheme } = stats.data;
  const themeName = (key: string | null) => L.theme(key);
  // One row per step: the overall count and each theme's.
  const data = STEPS.map((step) => {
    const row: Record<string, string | number> = { step: t(`statistics.steps.${step}`), all: funnel[step] };
    byTheme.forEach((th, i) => (row[`theme${i}`] = th[step]));
    return row;
  });
  return (
    <>
      <p>{t('statistics.intro')}</p>
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby="funnel-caption">
        <table className="call-table">
          <caption id="funnel-caption">{t('statistics.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statistics.theme')}</th>
              {STEPS.map((step) => (
                <th key={step} scope="col">
                  {t(`statistics.steps.${step}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('statistics.overall')}</th>
              {STEPS.map((step) => (
                <td key={step}>{funnel[step]}</td>
              ))}
            </tr>
            {byTheme.map((th) => (
              <tr key={th.themeKey ?? '-'}>
                <th scope="row">{themeName(th.themeKey)}</th>
                {STEPS.map((step) => (
                  <td key={step}>{th[step]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure className="call-chart">
        {/* The chart repeats the table above, which is its accessible equivalent: it is hidden from screen readers. */}
        <div aria-hidden="true" style={{ width: '100%', height: 340 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 20, right: 10, bottom: 10, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="step" interval={0} tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} />
              <Legend />
              <Bar dataKey="all" name={t('statistics.overall')} fill={COLOURS[0]} isAnimationActive={false}>
                <LabelList dataKey="all" position="top" />
              </Bar>
              {byTheme.map((th, i) => (
                <Bar key={th.themeKey ?? '-'} dataKey={`theme${i}`} name={themeName(th.themeKey)} fill={COLOURS[(i + 1) % COLOURS.length]} isAnimationActive={false}>
                  <LabelList dataKey={`theme${i}`} position="top" />
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
        <figcaption>{t('statistics.chartCaption')}</figcaption>
      </figure>
    </>
  );
}
