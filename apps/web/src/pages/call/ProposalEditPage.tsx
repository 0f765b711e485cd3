import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFieldArray, useWatch } from 'react-hook-form';
import { abstractLength, updateProposalSchema, type CallQuestion, type CallView, type ProposalView, type UpdateProposalInput } from '@amphi/contracts';
import { FormCheckbox, FormSelect, FormText, useAmphiForm } from '../../forms';
import { ErrorSummary, Field } from '../../components/Field';
import { pickText } from '../../components/Localized';
import { ErrorMessage, Loading } from '../../components/Status';
import { useErrorText } from '../../components/useErrorText';
import { queryClient } from '../../query';
import { ApiError } from '../../api';
import { PersonalGate, forgetAccessOn } from './access';
import { callApi, callKeys, callQueries, type MyProposals } from './client';
import { formatNumber, useCallLabels, useLimitText, useStateText, When } from './common';
import './texts';

/** `/me/proposals/:proposalId`: writing a proposal, submitting it, withdrawing it; then its decision and the confirmation. */
export function ProposalEditPage() {
  const { t } = useTranslation('call');
  return <PersonalGate title={t('proposal.pageTitle')}>{(token) => <ProposalLoader token={token} />}</PersonalGate>;
}

function ProposalLoader({ token }: { token: string }) {
  const { t } = useTranslation('call');
  const { proposalId = '' } = useParams();
  const mine = useQuery(callQueries.myProposals(token));
  const proposal = useQuery(callQueries.proposal(token, proposalId));
  const error = mine.error ?? proposal.error;
  if (error) {
    forgetAccessOn(error);
    return (
      <>
        <h1>{t('proposal.pageTitle')}</h1>
        <ErrorMessage error={error} onRetry={() => void Promise.all([mine.refetch(), proposal.refetch()])} />
      </>
    );
  }
  if (!mine.data || !proposal.data) return <Loading />;
  return <ProposalContent key={proposal.data.id} mine={mine.data} proposal={proposal.data} token={token} />;
}

interface AuthorForm {
  name: string;
  affiliation: string;
  email: string;
  presenting: boolean;
}
interface ProposalForm {
  typeKey: string;
  themeKey: string;
  title: string;
  abstract: string;
  keywords: string;
  references: string;
  language: string;
  format: string;
  authors: AuthorForm[];
  answers: Record<string, string>;
  conflictPersonIds: string[];
}

function toForm(p: ProposalView, mine: MyProposals): ProposalForm {
  const answers: Record<string, string> = {};
  for (const q of mine.call.questions) {
    const v = p.answers[q.key];
    answers[q.key] = v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  const s = mine.submitter;
  return {
    typeKey: p.typeKey,
    themeKey: p.themeKey ?? '',
    title: p.title,
    abstract: p.abstract,
    keywords: p.keywords.join(', '),
    references: p.references ?? '',
    language: p.language ?? '',
    format: p.format ?? '',
    authors: p.authors.length
      ? p.authors.map((a) => ({ name: a.name, affiliation: a.affiliation ?? '', email: a.email ?? '', presenting: a.presenting }))
      : [{ name: s.name, affiliation: s.affiliation ?? '', email: s.email, presenting: true }],
    answers,
    conflictPersonIds: p.conflictPersonIds,
  };
}

function answerValue(q: CallQuestion, raw: string | undefined): string | number | boolean | undefined {
  const v = (raw ?? '').trim();
  if (!v) return undefined;
  if (q.kind === 'yes_no') return v === 'yes';
  if (q.kind === 'number') return Number.isFinite(Number(v.replace(',', '.'))) ? Number(v.replace(',', '.')) : v;
  return v;
}

/** What the form holds → PATCH's body: only the fields the call asks for. */
function toInput(f: ProposalForm, call: CallView): UpdateProposalInput {
  const answers: Record<string, string | number | boolean> = {};
  for (const q of call.questions) {
    const v = answerValue(q, f.answers?.[q.key]);
    if (v !== undefined) answers[q.key] = v;
  }
  return {
    typeKey: f.typeKey,
    ...(call.fields.theme && call.themes.length ? { themeKey: f.themeKey || null } : {}),
    title: f.title,
    abstract: f.abstract,
    ...(call.fields.keywords
      ? {
          keywords: f.keywords
            .split(/[,;\n]/)
            .map((k) => k.trim())
            .filter(Boolean),
        }
      : {}),
    ...(call.fields.references ? { references: f.references.trim() || null } : {}),
    ...(call.fields.language ? { language: (f.language || null) as UpdateProposalInput['language'] } : {}),
    ...(call.fields.format ? { format: (f.format || null) as UpdateProposalInput['format'] } : {}),
    authors: f.authors.map((a) => ({
      name: a.name,
      ...(a.affiliation.trim() ? { affiliation: a.affiliation } : {}),
      ...(a.email.trim() ? { email: a.email.trim() } : {}),
      presenting: a.presenting,
    })),
    ...(call.questions.length ? { answers } : {}),
    ...(call.committee.length ? { conflictPersonIds: f.conflictPersonIds ?? [] } : {}),
  };
}

function ProposalContent({ mine, proposal, token }: { mine: MyProposals; proposal: ProposalView; token: string }) {
  const { t } = useTranslation('call');
  const call = mine.call;
  const labels = useCallLabels(call);
  const stateText = useStateText();
  const errorText = useErrorText();
  const [said, setSaid] = useState('');
  const refusal = useRef<HTMLDivElement>(null);
  // The API says until when (null: no longer), by its own clock; past that, a change is refused in words (409).
  const editable = (proposal.state === 'draft' || proposal.state === 'submitted') && !!proposal.editableUntil;
  const { form, errors, failure, setFailure, busy, summaryRef, onSubmit } = useAmphiForm<ProposalForm, UpdateProposalInput>({
    schema: updateProposalSchema,
    defaultValues: toForm(proposal, mine),
    toInput: (f) => toInput(f, call),
  });
  useEffect(() => {
    if (failure === undefined) return;
    refusal.current?.focus();
    // No longer editable (the deadline passed while the page was open, a decision came): read it again, read-only.
    if (failure instanceof ApiError && failure.status === 409) void queryClient.invalidateQueries({ queryKey: callKeys.proposal(token, proposal.id) });
  }, [failure, token, proposal.id]);
  const updated = (p: ProposalView) => {
    queryClient.setQueryData(callKeys.proposal(token, p.id), p);
    void queryClient.invalidateQueries({ queryKey: callKeys.myProposals(token), exact: true });
  };
  const save = onSubmit(
    (input) => callApi.update(token, proposal.id, input),
    (p) => {
      updated(p);
      setSaid(p.state === 'draft' ? t('proposal.savedDraft') : t('proposal.saved'));
    },
  );
  const submit = onSubmit(
    async (input) => {
      await callApi.update(token, proposal.id, input);
      return callApi.submit(token, proposal.id);
    },
    (p) => {
      updated(p);
      setSaid(t('proposal.submittedNow'));
    },
  );

  const fieldLabels: Record<string, string> = {
    typeKey: t('proposal.type'),
    themeKey: t('proposal.theme'),
    title: t('proposal.title'),
    abstract: t('proposal.abstract'),
    keywords: t('proposal.keywords'),
    references: t('proposal.references'),
    language: t('proposal.language'),
    format: t('proposal.format'),
    authors: t('proposal.authors'),
    conflictPersonIds: t('proposal.conflicts'),
    answers: t('proposal.questions'),
  };
  proposal.authors.forEach((_, i) => (fieldLabels[`authors.${i}`] = t('proposal.authorN', { n: i + 1 })));
  for (const q of call.questions) fieldLabels[`answers.${q.key}`] = pickText(q.label, labels.lang, labels.main) ?? q.key;

  return (
    <article aria-labelledby="proposal-title">
      <p className="muted">
        <Link to="/me/proposals">{t('mine.title')}</Link>
      </p>
      <h1 id="proposal-title">{proposal.title}</h1>
      <p className="notice">
        <strong>{t('mine.state', { state: stateText(proposal.state) })}</strong>
        {proposal.editableUntil && editable && (
          <>
            {' '}
            — {t('proposal.editableUntil')} <When iso={proposal.editableUntil} zone={call.timeZone} />
          </>
        )}
      </p>
      <p role="status" className="status-line">
        {said}
      </p>
      {proposal.decision && <DecisionPart proposal={proposal} token={token} onChange={updated} />}
      {!editable && <p className="notice">{readOnlyReason(proposal, t)}</p>}
      {failure !== undefined && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={refusal}>
          <p>{errorText(failure)}</p>
        </div>
      )}
      <form noValidate className="form" onSubmit={(e) => void submit(e)} aria-labelledby="proposal-title">
        <ErrorSummary errors={errors} labels={fieldLabels} summaryRef={summaryRef} />
        <fieldset disabled={!editable} className="plain-fieldset">
          <legend className="visually-hidden">{t('proposal.formLegend')}</legend>
          <FormSelect form={form} name="typeKey" label={fieldLabels.typeKey} errors={errors} required options={call.types.map((ty) => ({ value: ty.key, label: labels.type(ty.key) }))} />
          {call.fields.theme && call.themes.length > 0 && (
            <FormSelect
              form={form}
              name="themeKey"
              label={fieldLabels.themeKey}
              errors={errors}
              options={[{ value: '', label: t('proposal.noTheme') }, ...call.themes.map((th) => ({ value: th.key, label: labels.theme(th.key) ?? th.key }))]}
            />
          )}
          <FormText form={form} name="title" label={fieldLabels.title} errors={errors} required />
          <AbstractField form={form} errors={errors} call={call} label={fieldLabels.abstract} />
          {call.fields.keywords && <FormText form={form} name="keywords" label={fieldLabels.keywords} hint={t('proposal.keywordsHint')} errors={errors} />}
          {call.fields.references && <FormText form={form} name="references" label={fieldLabels.references} errors={errors} multiline />}
          {call.fields.language && (
            <FormSelect
              form={form}
              name="language"
              label={fieldLabels.language}
              errors={errors}
              options={[
                { value: '', label: t('proposal.notSaid') },
                { value: 'fr', label: 'Français' },
                { value: 'en', label: 'English' },
              ]}
            />
          )}
          {call.fields.format && (
            <FormSelect
              form={form}
              name="format"
              label={fieldLabels.format}
              errors={errors}
              options={[
                { value: '', label: t('proposal.notSaid') },
                { value: 'on_site', label: t('proposal.onSite') },
                { value: 'online', label: t('proposal.online') },
              ]}
            />
          )}
          {call.questions.map((q) => (
            <Question key={q.key} question={q} form={form} errors={errors} label={fieldLabels[`answers.${q.key}`]} />
          ))}
          <Authors form={form} errors={errors} />
          {call.committee.length > 0 && <Conflicts form={form} call={call} />}
        </fieldset>
        {editable && (
          <p className="button-row">
            <button type="button" className="button" disabled={busy} onClick={(e) => void save(e)}>
              {proposal.state === 'draft' ? t('proposal.saveDraft') : t('proposal.save')}
            </button>
            {proposal.state === 'draft' && (
              <button type="submit" className="button button-primary" disabled={busy}>
                {t('proposal.submit')}
              </button>
            )}
          </p>
        )}
      </form>
      {editable && <Withdraw proposal={proposal} token={token} onDone={(p) => (updated(p), setSaid(t('proposal.withdrawnNow')), setFailure(undefined))} />}
    </article>
  );
}

function readOnlyReason(p: ProposalView, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (p.state === 'withdrawn') return t('proposal.readOnly.withdrawn');
  if (p.decision) return t('proposal.readOnly.decided');
  return t('proposal.readOnly.deadline');
}

type Form = ReturnType<typeof useAmphiForm<ProposalForm, UpdateProposalInput>>['form'];

/** The abstract, with its live count against the type's limit, said in words when over it and told to screen readers politely. */
function AbstractField({ form, errors, call, label }: { form: Form; errors: Record<string, string>; call: CallView; label: string }) {
  const { t } = useTranslation('call');
  const limitText = useLimitText();
  const labels = useCallLabels(call);
  const abstract = useWatch({ control: form.control, name: 'abstract' }) ?? '';
  const typeKey = useWatch({ control: form.control, name: 'typeKey' });
  const type = call.types.find((ty) => ty.key === typeKey) ?? call.types[0];
  const unit = type?.limit.unit ?? 'characters';
  const max = type?.limit.max ?? 0;
  const count = abstractLength(abstract, unit);
  const over = max > 0 && count > max;
  const countText = t(`count.${unit}`, { count: max, n: formatNumber(count, labels.lang), max: formatNumber(max, labels.lang) });
  const overText = over ? t(`count.over_${unit}`, { count: count - max, n: formatNumber(count - max, labels.lang) }) : '';
  // Screen readers hear the count once typing pauses, not at every key.
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(over ? `${countText}. ${overText}` : countText), 900);
    return () => clearTimeout(timer);
  }, [countText, overText, over]);
  const id = 'field-abstract';
  return (
    <Field id={id} label={label} hint={type ? t('proposal.abstractHint', { limit: limitText(max, unit) }) : undefined} error={errors.abstract}>
      {(describedBy, invalid) => (
        <>
          <textarea id={id} rows={12} aria-describedby={[describedBy, `${id}-count`].filter(Boolean).join(' ')} aria-invalid={invalid || over || undefined} {...form.register('abstract')} />
          <p id={`${id}-count`} className={over ? 'count count-over' : 'count'}>
            {countText}
            {over && (
              <>
                {' — '}
                <strong>{overText}</strong>
              </>
            )}
          </p>
          <p className="visually-hidden" aria-live="polite">
            {announced}
          </p>
        </>
      )}
    </Field>
  );
}

function Question({ question, form, errors, label }: { question: CallQuestion; form: Form; errors: Record<string, string>; label: string }) {
  const { t } = useTranslation('call');
  const labels = useCallLabels(null);
  const name = `answers.${question.key}` as const;
  if (question.kind === 'choice' || question.kind === 'yes_no') {
    const options =
      question.kind === 'yes_no'
        ? [
            { value: 'yes', label: t('proposal.yes') },
            { value: 'no', label: t('proposal.no') },
          ]
        : (question.options ?? []).map((o) => ({ value: o.key, label: pickText(o.label, labels.lang, labels.lang) ?? o.key }));
    return <FormSelect form={form} name={name} label={label} errors={errors} required={question.required} options={[{ value: '', label: t('proposal.notSaid') }, ...options]} />;
  }
  return <FormText form={form} name={name} label={label} errors={errors} required={question.required} type={question.kind === 'number' ? 'number' : 'text'} multiline={question.kind === 'long_text'} />;
}

/** The authors in order, the submitter first; who presents. */
function Authors({ form, errors }: { form: Form; errors: Record<string, string> }) {
  const { t } = useTranslation('call');
  const { fields, append, remove, move } = useFieldArray({ control: form.control, name: 'authors' });
  return (
    <fieldset className="authors">
      <legend>{t('proposal.authors')}</legend>
      {errors.authors && <p className="field-error">{errors.authors}</p>}
      {fields.map((field, i) => (
        <fieldset key={field.id} className="card">
          <legend>{t('proposal.authorN', { n: i + 1 })}</legend>
          <FormText form={form} name={`authors.${i}.name`} label={t('proposal.authorName')} errors={errors} required />
          <FormText form={form} name={`authors.${i}.affiliation`} label={t('proposal.authorAffiliation')} errors={errors} />
          <FormText form={form} name={`authors.${i}.email`} type="email" label={t('proposal.authorEmail')} errors={errors} />
          <FormCheckbox form={form} name={`authors.${i}.presenting`} label={t('proposal.presenting')} errors={errors} />
          <p className="button-row">
            {i > 0 && (
              <button type="button" className="button" onClick={() => move(i, i - 1)}>
                {t('proposal.moveUp', { n: i + 1 })}
              </button>
            )}
            {fields.length > 1 && (
              <button type="button" className="button button-danger" onClick={() => remove(i)}>
                {t('proposal.removeAuthor', { n: i + 1 })}
              </button>
            )}
          </p>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button" onClick={() => append({ name: '', affiliation: '', email: '', presenting: false })}>
          {t('proposal.addAuthor')}
        </button>
      </p>
    </fieldset>
  );
}

/** Conflicts of interest with members of the scientific committee: tick the names (HotCRP-style). */
function Conflicts({ form, call }: { form: Form; call: CallView }) {
  const { t } = useTranslation('call');
  const ticked = useWatch({ control: form.control, name: 'conflictPersonIds' }) ?? [];
  const toggle = (personId: string, on: boolean) =>
    form.setValue('conflictPersonIds', on ? [...ticked.filter((id) => id !== personId), personId] : ticked.filter((id) => id !== personId), { shouldDirty: true });
  return (
    <fieldset className="conflicts" aria-describedby="conflicts-hint">
      <legend>{t('proposal.conflicts')}</legend>
      <p id="conflicts-hint" className="hint">
        {t('proposal.conflictsHint')}
      </p>
      {call.committee.map((m) => (
        <div key={m.personId} className="checkbox">
          <input id={`conflict-${m.personId}`} type="checkbox" checked={ticked.includes(m.personId)} onChange={(e) => toggle(m.personId, e.target.checked)} />
          <label htmlFor={`conflict-${m.personId}`}>
            {m.name}
            {m.affiliation && <span className="muted"> ({m.affiliation})</span>}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** Withdrawing, after a confirmation. */
function Withdraw({ proposal, token, onDone }: { proposal: ProposalView; token: string; onDone: (p: ProposalView) => void }) {
  const { t } = useTranslation('call');
  const errorText = useErrorText();
  const [asking, setAsking] = useState(false);
  const withdraw = useMutation({ mutationFn: () => callApi.withdraw(token, proposal.id), onSuccess: onDone });
  return (
    <section aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t('proposal.withdrawTitle')}</h2>
      {!asking ? (
        <p>
          <button type="button" className="button button-danger" onClick={() => setAsking(true)}>
            {t('proposal.withdraw')}
          </button>
        </p>
      ) : (
        <div className="notice" role="group" aria-labelledby="withdraw-ask">
          <p id="withdraw-ask">{t('proposal.withdrawAsk', { title: proposal.title })}</p>
          <p className="button-row">
            <button type="button" className="button button-danger" autoFocus disabled={withdraw.isPending} onClick={() => withdraw.mutate()}>
              {t('proposal.withdrawYes')}
            </button>
            <button type="button" className="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      {withdraw.isError && (
        <p className="notice notice-error" role="alert">
          {errorText(withdraw.error)}
        </p>
      )}
    </section>
  );
}

/** Once the decision is sent: the decision, the organisers' message, the reviewers' comments; confirming an acceptance. */
export function DecisionPart({ proposal, token, onChange }: { proposal: ProposalView; token: string; onChange: (p: ProposalView) => void }) {
  const { t } = useTranslation('call');
  const errorText = useErrorText();
  const [said, setSaid] = useState('');
  const answer = useMutation({
    mutationFn: (confirm: boolean) => callApi.confirm(token, proposal.id, confirm),
    onSuccess: (p) => {
      onChange(p);
      setSaid(p.state === 'confirmed' ? t('decision.confirmedNow') : t('decision.declinedNow'));
    },
  });
  const awaiting = proposal.state === 'accepted' || proposal.state === 'accepted_as_poster';
  return (
    <section aria-labelledby="decision-title" className="card call-card">
      <h2 id="decision-title">{t('decision.title')}</h2>
      <p>
        <strong>{t(`decision.${proposal.decision}`)}</strong>
      </p>
      {proposal.decisionMessage && (
        <>
          <h3>{t('decision.message')}</h3>
          <p className="pre-line">{proposal.decisionMessage}</p>
        </>
      )}
      {proposal.commentsToAuthors.length > 0 && (
        <>
          <h3>{t('decision.comments')}</h3>
          <ul>
            {proposal.commentsToAuthors.map((c, i) => (
              <li key={i} className="pre-line">
                {c}
              </li>
            ))}
          </ul>
        </>
      )}
      {proposal.confirmedAt && <p>{t('decision.confirmed')}</p>}
      {proposal.declinedAt && <p>{t('decision.declined')}</p>}
      {awaiting && (
        <p className="button-row">
          <button type="button" className="button button-primary" disabled={answer.isPending} onClick={() => answer.mutate(true)}>
            {t('decision.confirm', { title: proposal.title })}
          </button>
          <button type="button" className="button button-danger" disabled={answer.isPending} onClick={() => answer.mutate(false)}>
            {t('decision.decline')}
          </button>
        </p>
      )}
      {answer.isError && (
        <p className="notice notice-error" role="alert">
          {errorText(answer.error)}
        </p>
      )}
      <p role="status">{said}</p>
    </section>
  );
}

