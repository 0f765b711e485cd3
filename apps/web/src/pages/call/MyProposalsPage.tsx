import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { createProposalSchema, type CreateProposalInput } from '@amphi/contracts';
import { FormSelect, FormText, useAmphiForm } from '../../forms';
import { ErrorSummary } from '../../components/Field';
import { ErrorMessage, Loading } from '../../components/Status';
import { useErrorText } from '../../components/useErrorText';
import { queryClient } from '../../query';
import { PersonalGate, forgetAccessOn } from './access';
import { callApi, callKeys, callQueries, type MyProposals } from './client';
import { CallStateText, useCallLabels, useStateText, When } from './common';
import './texts';

/** `/me/proposals`: a submitter's proposals with their state, the call's deadline, and a new proposal. */
export function MyProposalsPage() {
  const { t } = useTranslation('call');
  return <PersonalGate title={t('mine.title')}>{(token) => <MyProposalsContent token={token} />}</PersonalGate>;
}

function MyProposalsContent({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const read = useQuery(callQueries.myProposals(token));
  if (read.isError) {
    forgetAccessOn(read.error);
    return (
      <>
        <h1>{t('mine.title')}</h1>
        <ErrorMessage error={read.error} onRetry={() => void read.refetch()} />
      </>
    );
  }
  if (!read.data) return <Loading />;
  return <MyProposalsList data={read.data} token={token} />;
}

/** The list of a submitter's proposals (also shown inline in the personal space). */
export function ProposalList({ data, headingLevel = 2 }: { data: MyProposals; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(data.call);
  const stateText = useStateText();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (data.proposals.length === 0) return <p>{t('mine.none')}</p>;
  return (
    <ul className="card-list call-list">
      {data.proposals.map((p) => (
        <li key={p.id} className="card">
          <Heading className="card-title">
            <Link to={`/me/proposals/${p.id}`}>{p.title}</Link>
          </Heading>
          <p>
            {labels.type(p.typeKey)}
            {p.themeKey && ` · ${labels.theme(p.themeKey)}`}
          </p>
          <p>
            <strong>{t('mine.state', { state: stateText(p.state) })}</strong>
          </p>
        </li>
      ))}
    </ul>
  );
}

function MyProposalsList({ data, token }: { data: MyProposals; token: string }) {
  const { t } = useTranslation('call');
  const call = data.call;
  const editable = call.editableUntil ?? call.closesAt;
  return (
    <article aria-labelledby="mine-title">
      <p className="muted">{t('mine.who', { name: data.submitter.name })}</p>
      <h1 id="mine-title">{t('mine.title')}</h1>
      <p className="notice">
        <CallStateText call={call} />
      </p>
      {call.editableUntil && (
        <p>
          {t('mine.editableUntil')} <When iso={editable} zone={call.timeZone} />
        </p>
      )}
      <ProposalList data={data} />
      {call.state === 'open' && <NewProposal data={data} token={token} />}
      <p>
        <Link to={`/events/${call.eventSlug}/call`}>{t('mine.readCall')}</Link> · <Link to="/me">{t('personal.mySpace')}</Link>
      </p>
    </article>
  );
}

interface NewForm {
  typeKey: string;
  title: string;
}

/** "New proposal": a type and a title make a draft, then its page. */
function NewProposal({ data, token }: { data: MyProposals; token: string }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(data.call);
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<NewForm, CreateProposalInput>({
    schema: createProposalSchema,
    defaultValues: { typeKey: data.call.types[0]?.key ?? '', title: '' },
  });
  const submit = onSubmit(
    (input) => callApi.create(token, input),
    (created) => {
      void queryClient.invalidateQueries({ queryKey: callKeys.myProposals(token) });
      queryClient.setQueryData(callKeys.proposal(token, created.id), created);
      void navigate(`/me/proposals/${created.id}`);
    },
  );
  const fieldLabels = { typeKey: t('proposal.type'), title: t('proposal.title') };
  return (
    <section aria-labelledby="new-title">
      <h2 id="new-title">{t('mine.new')}</h2>
      {!open ? (
        <p>
          <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
            {t('mine.new')}
          </button>
        </p>
      ) : (
        <form noValidate className="form" onSubmit={(e) => void submit(e)} aria-labelledby="new-title">
          <ErrorSummary errors={errors} labels={fieldLabels} summaryRef={summaryRef} />
          {failure !== undefined && (
            <div className="notice notice-error" role="alert">
              <p>{errorText(failure)}</p>
            </div>
          )}
          <FormSelect form={form} name="typeKey" label={fieldLabels.typeKey} errors={errors} required options={data.call.types.map((ty) => ({ value: ty.key, label: labels.type(ty.key) }))} />
          <FormText form={form} name="title" label={fieldLabels.title} errors={errors} required />
          <p className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('mine.create')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
