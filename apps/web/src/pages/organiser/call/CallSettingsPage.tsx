import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFieldArray, type FieldArrayPath, type UseFormReturn } from 'react-hook-form';
import {
  LENGTH_UNITS,
  QUESTION_KINDS,
  callSettingsSchema,
  type CallSettingsInput,
  type CallSettingsView,
  type LengthUnit,
  type LocalizedText,
  type OrganiserEventView,
  type QuestionKind,
} from '@amphi/contracts';
import { useLanguage } from '../../../i18n';
import { formatDateTime, viewerTimeZone } from '../../../format';
import { FormCheckbox, FormSelect, FormText, useAmphiForm } from '../../../forms';
import { queryClient } from '../../../query';
import { FormErrors } from '../form';
import { CallFrame } from './CallNav';
import { callApi, callKeys } from './client';
import { isoToWall, numberOf, numberOrNull, wallToIso } from './labels';
import { NS } from './texts';

type Texts = { fr: string; en: string };
interface SettingsValues {
  published: boolean;
  opensAt: string;
  closesAt: string;
  editableUntil: string;
  argument: Texts;
  instructions: Texts;
  themes: Array<{ key: string; title: Texts }>;
  types: Array<{ key: string; title: Texts; limit: { unit: LengthUnit; max: string } }>;
  fields: { keywords: boolean; references: boolean; language: boolean; format: boolean; theme: boolean };
  questions: Array<{ key: string; label: Texts; kind: QuestionKind; options: string; required: boolean }>;
  maxProposalsPerSubmitter: string;
  reviewersPerProposal: string;
  reviewDeadline: string;
  anonymousReview: boolean;
  criteria: Array<{ key: string; label: Texts; weight: string }>;
}

const textsOf = (text: LocalizedText | null | undefined): Texts => ({ fr: text?.fr ?? '', en: text?.en ?? '' });
/** The languages written (an empty field is left out); {} lets the schema say "in French, English or both". */
const written = (text: Texts): LocalizedText => {
  const out: LocalizedText = {};
  if (text.fr.trim()) out.fr = text.fr;
  if (text.en.trim()) out.en = text.en;
  return out;
};
const writtenOrNull = (text: Texts): LocalizedText | null => (text.fr.trim() || text.en.trim() ? written(text) : null);

/** A choice question's options, one a line: "key | French label | English label". */
const optionsToText = (options: Array<{ key: string; label: LocalizedText }> | undefined) => (options ?? []).map((o) => [o.key, o.label.fr ?? '', o.label.en ?? ''].join(' | ')).join('\n');
const optionsFromText = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = '', fr = '', en = ''] = line.split('|').map((part) => part.trim());
      return { key, label: written({ fr, en }) };
    });

function defaultsOf(call: CallSettingsView | null, zone: string): SettingsValues {
  return {
    published: call?.published ?? false,
    opensAt: isoToWall(call?.opensAt, zone),
    closesAt: isoToWall(call?.closesAt, zone),
    editableUntil: isoToWall(call?.editableUntil, zone),
    argument: textsOf(call?.argument),
    instructions: textsOf(call?.instructions),
    themes: (call?.themes ?? []).map((x) => ({ key: x.key, title: textsOf(x.title) })),
    types: call?.types.length
      ? call.types.map((x) => ({ key: x.key, title: textsOf(x.title), limit: { unit: x.limit.unit, max: String(x.limit.max) } }))
      : [{ key: '', title: { fr: '', en: '' }, limit: { unit: 'characters', max: '3000' } }],
    fields: call?.fields ?? { keywords: true, references: false, language: true, format: false, theme: true },
    questions: (call?.questions ?? []).map((q) => ({ key: q.key, label: textsOf(q.label), kind: q.kind, options: optionsToText(q.options), required: q.required })),
    maxProposalsPerSubmitter: call?.maxProposalsPerSubmitter == null ? '' : String(call.maxProposalsPerSubmitter),
    reviewersPerProposal: String(call?.reviewersPerProposal ?? 2),
    reviewDeadline: isoToWall(call?.reviewDeadline, zone),
    anonymousReview: call?.anonymousReview ?? false,
    criteria: (call?.criteria ?? []).map((c) => ({ key: c.key, label: textsOf(c.label), weight: String(c.weight) })),
  };
}

/** `/organiser/events/:eventId/call`: the call's settings, created on the first save. */
export function CallSettingsPage() {
  return (
    <CallFrame titleKey="settings.heading" needsCall={false}>
      {({ event, call }) => <SettingsForm event={event} call={call} />}
    </CallFrame>
  );
}

function SettingsForm({ event, call }: { event: OrganiserEventView; call: CallSettingsView | null }) {
  const { t } = useTranslation(NS);
  const lang = useLanguage();
  const zone = call?.timeZone ?? event.timeZone;
  const [saved, setSaved] = useState<CallSettingsView | null>(null);
  const { form, errors, failure, busy, summaryRef, onSubmit } = useAmphiForm<SettingsValues, CallSettingsInput>({
    schema: callSettingsSchema,
    toInput: (v) => ({
      published: v.published,
      opensAt: wallToIso(v.opensAt, zone),
      closesAt: wallToIso(v.closesAt, zone),
      editableUntil: v.editableUntil ? wallToIso(v.editableUntil, zone) : null,
      argument: writtenOrNull(v.argument),
      instructions: writtenOrNull(v.instructions),
      themes: v.themes.map((x) => ({ key: x.key, title: written(x.title) })),
      types: v.types.map((x) => ({ key: x.key, title: written(x.title), limit: { unit: x.limit.unit, max: numberOf(x.limit.max) } })),
      fields: v.fields,
      questions: v.questions.map((q) => ({ key: q.key, label: written(q.label), kind: q.kind, required: q.required, ...(q.kind === 'choice' ? { options: optionsFromText(q.options) } : {}) })),
      maxProposalsPerSubmitter: numberOrNull(v.maxProposalsPerSubmitter),
      reviewersPerProposal: numberOf(v.reviewersPerProposal),
      reviewDeadline: v.reviewDeadline ? wallToIso(v.reviewDeadline, zone) : null,
      anonymousReview: v.anonymousReview,
      criteria: v.criteria.map((c) => ({ key: c.key, label: written(c.label), weight: numberOf(c.weight) })),
    }),
    // A text given in neither language is said on its French field; a choice's options on their one field.
    errorPath: (key) => {
      if (/^(themes|types)\.\d+\.title$/.test(key) || /^(questions|criteria)\.\d+\.label$/.test(key)) return `${key}.fr`;
      const option = /^(questions\.\d+\.options)(\..*)?$/.exec(key);
      if (option) return option[1]!;
      return key;
    },
    defaultValues: defaultsOf(call, zone),
  });
  const themes = useFieldArray({ control: form.control, name: 'themes' });
  const types = useFieldArray({ control: form.control, name: 'types' });
  const questions = useFieldArray({ control: form.control, name: 'questions' });
  const criteria = useFieldArray({ control: form.control, name: 'criteria' });

  const labels: Record<string, string> = {
    published: t('settings.published'),
    opensAt: t('settings.opensAt'),
    closesAt: t('settings.closesAt'),
    editableUntil: t('settings.editableUntil'),
    'argument.fr': t('settings.argumentFr'),
    'argument.en': t('settings.argumentEn'),
    argument: t('settings.argumentFr'),
    'instructions.fr': t('settings.instructionsFr'),
    'instructions.en': t('settings.instructionsEn'),
    instructions: t('settings.instructionsFr'),
    themes: t('settings.themes'),
    types: t('settings.types'),
    fields: t('settings.fields'),
    questions: t('settings.questions'),
    maxProposalsPerSubmitter: t('settings.maxProposals'),
    reviewersPerProposal: t('settings.reviewersPerProposal'),
    reviewDeadline: t('settings.reviewDeadline'),
    anonymousReview: t('settings.anonymousReview'),
    criteria: t('settings.criteria'),
  };
  themes.fields.forEach((_, i) => {
    const n = i + 1;
    labels[`themes.${i}`] = t('settings.themeN', { n });
    labels[`themes.${i}.key`] = `${t('settings.themeN', { n })} — ${t('settings.key')}`;
    labels[`themes.${i}.title.fr`] = `${t('settings.themeN', { n })} — ${t('settings.titleFr')}`;
    labels[`themes.${i}.title.en`] = `${t('settings.themeN', { n })} — ${t('settings.titleEn')}`;
  });
  types.fields.forEach((_, i) => {
    const n = i + 1;
    labels[`types.${i}`] = t('settings.typeN', { n });
    labels[`types.${i}.key`] = `${t('settings.typeN', { n })} — ${t('settings.key')}`;
    labels[`types.${i}.title.fr`] = `${t('settings.typeN', { n })} — ${t('settings.titleFr')}`;
    labels[`types.${i}.title.en`] = `${t('settings.typeN', { n })} — ${t('settings.titleEn')}`;
    labels[`types.${i}.limit.unit`] = `${t('settings.typeN', { n })} — ${t('settings.limitUnit')}`;
    labels[`types.${i}.limit.max`] = `${t('settings.typeN', { n })} — ${t('settings.limitMax')}`;
  });
  questions.fields.forEach((_, i) => {
    const n = i + 1;
    labels[`questions.${i}`] = t('settings.questionN', { n });
    labels[`questions.${i}.key`] = `${t('settings.questionN', { n })} — ${t('settings.key')}`;
    labels[`questions.${i}.label.fr`] = `${t('settings.questionN', { n })} — ${t('settings.labelFr')}`;
    labels[`questions.${i}.label.en`] = `${t('settings.questionN', { n })} — ${t('settings.labelEn')}`;
    labels[`questions.${i}.kind`] = `${t('settings.questionN', { n })} — ${t('settings.kind')}`;
    labels[`questions.${i}.options`] = `${t('settings.questionN', { n })} — ${t('settings.options')}`;
  });
  criteria.fields.forEach((_, i) => {
    const n = i + 1;
    labels[`criteria.${i}`] = t('settings.criterionN', { n });
    labels[`criteria.${i}.key`] = `${t('settings.criterionN', { n })} — ${t('settings.key')}`;
    labels[`criteria.${i}.label.fr`] = `${t('settings.criterionN', { n })} — ${t('settings.labelFr')}`;
    labels[`criteria.${i}.label.en`] = `${t('settings.criterionN', { n })} — ${t('settings.labelEn')}`;
    labels[`criteria.${i}.weight`] = `${t('settings.criterionN', { n })} — ${t('settings.weight')}`;
  });

  const submit = onSubmit(
    (input) => {
      setSaved(null);
      return callApi.saveSettings(event.id, input);
    },
    (stored) => {
      queryClient.setQueryData(callKeys.settings(event.id), stored);
      void queryClient.invalidateQueries({ queryKey: callKeys.all(event.id), predicate: (q) => q.queryKey[4] !== 'settings' });
      setSaved(stored);
    },
  );
  const zoneHint = t('settings.zoneHint', { zone });
  const published = saved?.published ?? call?.published ?? false;
  const slug = saved?.eventSlug ?? call?.eventSlug ?? event.slug;
  const questionKinds = form.watch('questions');

  return (
    <form className="form call-settings" onSubmit={(e) => void submit(e)} noValidate aria-describedby="call-settings-intro">
      <p id="call-settings-intro">{t('settings.intro')}</p>
      {published && (
        <p className="notice">
          {t('settings.publishedAt')} <Link to={`/events/${encodeURIComponent(slug)}/call`}>{t('settings.publicLink')}</Link>
        </p>
      )}

      <fieldset>
        <legend>{t('settings.when')}</legend>
        <FormCheckbox form={form} name="published" label={labels.published} errors={errors} />
        <DateTimeField form={form} name="opensAt" label={labels.opensAt} hint={zoneHint} errors={errors} zone={zone} required />
        <DateTimeField form={form} name="closesAt" label={labels.closesAt} hint={zoneHint} errors={errors} zone={zone} required />
        <DateTimeField form={form} name="editableUntil" label={labels.editableUntil} hint={`${t('settings.editableUntilHint')} ${zoneHint}`} errors={errors} zone={zone} />
      </fieldset>

      <fieldset>
        <legend>{t('settings.texts')}</legend>
        <FormText form={form} name="argument.fr" label={labels['argument.fr']} lang="fr" multiline errors={errors} />
        <FormText form={form} name="argument.en" label={labels['argument.en']} lang="en" multiline errors={errors} />
        <FormText form={form} name="instructions.fr" label={labels['instructions.fr']} lang="fr" multiline errors={errors} />
        <FormText form={form} name="instructions.en" label={labels['instructions.en']} lang="en" multiline errors={errors} />
      </fieldset>

      <ListEditor
        name="themes"
        legend={labels.themes}
        hint={t('settings.themesHint')}
        errors={errors}
        fields={themes.fields}
        itemLabel={(n) => t('settings.themeN', { n })}
        onAdd={() => themes.append({ key: '', title: { fr: '', en: '' } })}
        addLabel={t('settings.addTheme')}
        onMove={themes.move}
        onRemove={themes.remove}
      >
        {(i) => (
          <>
            <FormText form={form} name={`themes.${i}.key`} label={t('settings.key')} hint={t('settings.keyHint')} errors={errors} required />
            <FormText form={form} name={`themes.${i}.title.fr`} label={t('settings.titleFr')} lang="fr" errors={errors} />
            <FormText form={form} name={`themes.${i}.title.en`} label={t('settings.titleEn')} lang="en" errors={errors} />
          </>
        )}
      </ListEditor>

      <ListEditor
        name="types"
        legend={labels.types}
        hint={t('settings.typesHint')}
        errors={errors}
        fields={types.fields}
        itemLabel={(n) => t('settings.typeN', { n })}
        onAdd={() => types.append({ key: '', title: { fr: '', en: '' }, limit: { unit: 'characters', max: '3000' } })}
        addLabel={t('settings.addType')}
        onMove={types.move}
        onRemove={types.remove}
      >
        {(i) => (
          <>
            <FormText form={form} name={`types.${i}.key`} label={t('settings.key')} hint={t('settings.keyHint')} errors={errors} required />
            <FormText form={form} name={`types.${i}.title.fr`} label={t('settings.titleFr')} lang="fr" errors={errors} />
            <FormText form={form} name={`types.${i}.title.en`} label={t('settings.titleEn')} lang="en" errors={errors} />
            <FormText form={form} name={`types.${i}.limit.max`} type="number" label={t('settings.limitMax')} errors={errors} required />
            <FormSelect form={form} name={`types.${i}.limit.unit`} label={t('settings.limitUnit')} errors={errors} required options={LENGTH_UNITS.map((u) => ({ value: u, label: t(`settings.units.${u}`) }))} />
          </>
        )}
      </ListEditor>

      <fieldset>
        <legend>{labels.fields}</legend>
        <p className="hint">{t('settings.fieldsHint')}</p>
        {(['theme', 'keywords', 'references', 'language', 'format'] as const).map((f) => (
          <FormCheckbox key={f} form={form} name={`fields.${f}`} label={t(`settings.field.${f}`)} errors={errors} />
        ))}
      </fieldset>

      <ListEditor
        name="questions"
        legend={labels.questions}
        hint={t('settings.questionsHint')}
        errors={errors}
        fields={questions.fields}
        itemLabel={(n) => t('settings.questionN', { n })}
        onAdd={() => questions.append({ key: '', label: { fr: '', en: '' }, kind: 'text', options: '', required: false })}
        addLabel={t('settings.addQuestion')}
        onMove={questions.move}
        onRemove={questions.remove}
      >
        {(i) => (
          <>
            <FormText form={form} name={`questions.${i}.key`} label={t('settings.key')} hint={t('settings.keyHint')} errors={errors} required />
            <FormText form={form} name={`questions.${i}.label.fr`} label={t('settings.labelFr')} lang="fr" errors={errors} />
            <FormText form={form} name={`questions.${i}.label.en`} label={t('settings.labelEn')} lang="en" errors={errors} />
            <FormSelect form={form} name={`questions.${i}.kind`} label={t('settings.kind')} errors={errors} required options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`settings.kinds.${k}`) }))} />
            {questionKinds[i]?.kind === 'choice' && (
              <FormText form={form} name={`questions.${i}.options`} label={t('settings.options')} hint={t('settings.optionsHint')} multiline errors={errors} required />
            )}
            <FormCheckbox form={form} name={`questions.${i}.required`} label={t('settings.questionRequired')} errors={errors} />
          </>
        )}
      </ListEditor>

      <FormText form={form} name="maxProposalsPerSubmitter" type="number" label={labels.maxProposalsPerSubmitter} hint={t('settings.maxProposalsHint')} errors={errors} />

      <fieldset>
        <legend>{t('settings.review')}</legend>
        <FormText form={form} name="reviewersPerProposal" type="number" label={labels.reviewersPerProposal} errors={errors} required />
        <DateTimeField form={form} name="reviewDeadline" label={labels.reviewDeadline} hint={zoneHint} errors={errors} zone={zone} />
        <FormCheckbox form={form} name="anonymousReview" label={labels.anonymousReview} errors={errors} />
        <ListEditor
          name="criteria"
          legend={labels.criteria}
          hint={t('settings.criteriaHint')}
          errors={errors}
          fields={criteria.fields}
          itemLabel={(n) => t('settings.criterionN', { n })}
          onAdd={() => criteria.append({ key: '', label: { fr: '', en: '' }, weight: '1' })}
          addLabel={t('settings.addCriterion')}
          onMove={criteria.move}
          onRemove={criteria.remove}
        >
          {(i) => (
            <>
              <FormText form={form} name={`criteria.${i}.key`} label={t('settings.key')} hint={t('settings.keyHint')} errors={errors} required />
              <FormText form={form} name={`criteria.${i}.label.fr`} label={t('settings.labelFr')} lang="fr" errors={errors} />
              <FormText form={form} name={`criteria.${i}.label.en`} label={t('settings.labelEn')} lang="en" errors={errors} />
              <FormText form={form} name={`criteria.${i}.weight`} type="number" label={t('settings.weight')} errors={errors} required />
            </>
          )}
        </ListEditor>
      </fieldset>

      <FormErrors errors={errors} failure={failure} labels={labels} summaryRef={summaryRef} />
      <p className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('settings.save')}
        </button>
      </p>
      <p role="status" aria-live="polite">
        {saved ? t('settings.saved', { when: formatDateTime(saved.closesAt, zone, lang) }) : ''}
      </p>
    </form>
  );
}

/** A date-time typed in the event's zone, and the same instant in the viewer's own zone beside it. */
function DateTimeField({
  form,
  name,
  label,
  hint,
  errors,
  zone,
  required,
}: {
  form: UseFormReturn<SettingsValues>;
  name: 'opensAt' | 'closesAt' | 'editableUntil' | 'reviewDeadline';
  label: string;
  hint: string;
  errors: Record<string, string>;
  zone: string;
  required?: boolean;
}) {
  const { t } = useTranslation(NS);
  const lang = useLanguage();
  const wall = form.watch(name);
  const viewer = viewerTimeZone();
  const iso = wall ? wallToIso(wall, zone) : '';
  const valid = iso && Number.isFinite(Date.parse(iso));
  return (
    <div>
      <FormText form={form} name={name} type="datetime-local" lang={lang} label={label} hint={hint} errors={errors} required={required} />
      <p className="muted" aria-live="polite" id={`${name}-viewer`}>
        {valid && viewer !== zone ? t('settings.inYourZone', { zone: viewer, when: formatDateTime(iso, viewer, lang) }) : ''}
      </p>
    </div>
  );
}

/** A list of the form (themes, types, questions, criteria): each item in its own group, moved up and down, removed; one more added. */
function ListEditor({
  name,
  legend,
  hint,
  errors,
  fields,
  itemLabel,
  onAdd,
  addLabel,
  onMove,
  onRemove,
  children,
}: {
  name: FieldArrayPath<SettingsValues>;
  legend: string;
  hint: string;
  errors: Record<string, string>;
  fields: Array<{ id: string }>;
  itemLabel: (n: number) => string;
  onAdd: () => void;
  addLabel: string;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
  children: (index: number) => ReactNode;
}) {
  const { t } = useTranslation(NS);
  const error = errors[name];
  return (
    <fieldset className="field call-list" id={`field-${name}`} tabIndex={-1} aria-describedby={error ? `field-${name}-error` : `${name}-hint`}>
      <legend>{legend}</legend>
      <p id={`${name}-hint`} className="hint">
        {hint}
      </p>
      {error && (
        <p id={`field-${name}-error`} className="field-error">
          {error}
        </p>
      )}
      {fields.map((row, i) => (
        <fieldset key={row.id} className="talk">
          <legend>{itemLabel(i + 1)}</legend>
          {children(i)}
          <p className="button-row">
            <button type="button" className="button" disabled={i === 0} onClick={() => onMove(i, i - 1)}>
              {t('settings.moveUp', { item: itemLabel(i + 1) })}
            </button>
            <button type="button" className="button" disabled={i === fields.length - 1} onClick={() => onMove(i, i + 1)}>
              {t('settings.moveDown', { item: itemLabel(i + 1) })}
            </button>
            <button type="button" className="button" onClick={() => onRemove(i)}>
              {t('settings.remove', { item: itemLabel(i + 1) })}
            </button>
          </p>
        </fieldset>
      ))}
      <button type="button" className="button" onClick={onAdd}>
        {addLabel}
      </button>
    </fieldset>
  );
}
