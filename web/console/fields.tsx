// Form fields the screens share: each one a labelled control (ui.tsx's Field: its label, its own
// problem under it, tied by aria-describedby) bound to one value, so that every form renders the
// same markup for the same kind of field.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { TOPIC_VALUES, topicLabel, type ApiProblem } from './format';
import { Field, Problems, useApp } from './ui';

interface Bound {
  label: string;
  problem?: ApiProblem | undefined;
  value: string;
  onChange: (value: string) => void;
}

type Attributes<E> = Omit<E, 'id' | 'value' | 'onChange'>;

/** A labelled text input (any `type`: url, email, datetime-local …). */
export function TextField({
  label,
  problem,
  value,
  onChange,
  ...attributes
}: Bound & Attributes<InputHTMLAttributes<HTMLInputElement>>) {
  return (
    <Field label={label} problem={problem}>
      {(p) => <input {...p} {...attributes} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A labelled textarea. */
export function TextAreaField({
  label,
  problem,
  value,
  onChange,
  ...attributes
}: Bound & Attributes<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  return (
    <Field label={label} problem={problem}>
      {(p) => <textarea {...p} {...attributes} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Options from things with an id and a name (municipalities, organisations, campaigns). */
export const named = (items: ReadonlyArray<{ id: string; name: string }> = []): Option[] =>
  items.map((item) => ({ value: item.id, label: item.name }));

/** Options from values and how each is called. */
export const labelled = (values: readonly string[], label: (value: string) => string): Option[] =>
  values.map((value) => ({ value, label: label(value) }));

/** A labelled select; `empty` names the first option, the one that picks nothing (value ""). */
export function SelectField({
  label,
  problem,
  value,
  onChange,
  empty,
  options,
  id,
}: Bound & { empty?: string | undefined; options: Option[]; id?: string }) {
  return (
    <Field label={label} problem={problem} id={id}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {empty !== undefined && <option value="">{empty}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** One checkbox with its label. */
export function Check({
  checked,
  onChange,
  className,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
    </label>
  );
}

/** A group of checkboxes under a legend; `onChange` gets the chosen values, a ticked one appended. */
export function Checks({
  legend,
  className,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  className: string;
  options: Option[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <Check
          key={o.value}
          checked={chosen.includes(o.value)}
          onChange={(on) => onChange(on ? [...chosen, o.value] : chosen.filter((x) => x !== o.value))}
        >
          {o.label}
        </Check>
      ))}
    </fieldset>
  );
}

/** The topics as checkboxes. */
export function TopicChecks(props: { className: string; chosen: readonly string[]; onChange: (chosen: string[]) => void }) {
  const { t, lang } = useApp();
  return <Checks legend={t('topics')} options={labelled(TOPIC_VALUES, (topic) => topicLabel(topic, lang))} {...props} />;
}

/**
 * The end of a versioned form (an organisation's entry, an event): the save's problems, after a
 * CONFLICT the button that loads the current version, `children` (a note about that), save, and
 * the note that it was saved.
 */
export function SaveControls({
  problems,
  problemsId,
  onReload,
  note,
  children,
}: {
  problems: ApiProblem[];
  problemsId: string;
  onReload: () => void;
  note: string;
  children?: ReactNode;
}) {
  const { t } = useApp();
  return (
    <>
      <Problems problems={problems} id={problemsId} />
      {problems.some((p) => p.code === 'CONFLICT') && (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      )}
      {children}
      <button type="submit">{t('save')}</button>
      {note && (
        <p role="status" className="ok">
          {note}
        </p>
      )}
    </>
  );
}

/** An event's start and end side by side, as datetime-local values (the planning and editing forms). */
export function SpanFields({
  value,
  problems,
  required,
  onChange,
}: {
  value: { startsAt: string; endsAt: string };
  problems: Record<string, ApiProblem>;
  required?: boolean;
  onChange: (name: 'startsAt' | 'endsAt', value: string) => void;
}) {
  const { t } = useApp();
  return (
    <div className="row">
      {(['startsAt', 'endsAt'] as const).map((name) => (
        <TextField
          key={name}
          label={t(name)}
          problem={problems[name]}
          type="datetime-local"
          required={required}
          value={value[name]}
          onChange={(v) => onChange(name, v)}
        />
      ))}
    </div>
  );
}
