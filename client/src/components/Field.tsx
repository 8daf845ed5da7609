import type { ComponentProps, ReactNode } from 'react';

/** What every field takes besides its control's own attributes. */
interface LabelProps {
  /** The control's id, which its label points at. */
  id: string;
  label: ReactNode;
  /** Another class for the field (for layout), next to "field". */
  fieldClassName?: string;
}

/** A field whose control is described by a hint, a warning or an error, or refused. */
interface DescribedProps {
  /** The id of what describes the control (aria-describedby): `note`, or a hint elsewhere. */
  describedBy?: string | undefined;
  /** The value is refused (aria-invalid); say why in `note` and point `describedBy` at it. */
  invalid?: boolean;
  /** Shown under the control, inside the field: the hint, warning or error that `describedBy` names. */
  note?: ReactNode;
}

/** The control's own attributes: everything but what the field sets itself. */
type Control<Element extends 'input' | 'textarea' | 'select'> = Omit<
  ComponentProps<Element>,
  'id' | 'aria-describedby' | 'aria-invalid'
>;

function Field({ id, label, fieldClassName, note, children }: LabelProps & { note?: ReactNode; children: ReactNode }) {
  return (
    <div className={fieldClassName ? `field ${fieldClassName}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {note}
    </div>
  );
}

/** A labelled input of any type but checkbox and radio; every other prop (ref included) goes to the input. */
export function TextField({
  id,
  label,
  fieldClassName,
  describedBy,
  invalid,
  note,
  ...input
}: LabelProps & DescribedProps & Control<'input'>) {
  return (
    <Field id={id} label={label} fieldClassName={fieldClassName} note={note}>
      <input id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />
    </Field>
  );
}

/** A labelled input for a whole number: type number, step 1. */
export function NumberField(props: LabelProps & DescribedProps & Omit<Control<'input'>, 'type' | 'step'>) {
  return <TextField type="number" step={1} {...props} />;
}

/** A labelled text area; every other prop goes to the textarea. */
export function TextArea({ id, label, fieldClassName, ...textarea }: LabelProps & Control<'textarea'>) {
  return (
    <Field id={id} label={label} fieldClassName={fieldClassName}>
      <textarea id={id} {...textarea} />
    </Field>
  );
}

/** A labelled drop-down list: its children are the options; every other prop goes to the select. */
export function SelectField({
  id,
  label,
  fieldClassName,
  describedBy,
  invalid,
  note,
  ...select
}: LabelProps & DescribedProps & Control<'select'>) {
  return (
    <Field id={id} label={label} fieldClassName={fieldClassName} note={note}>
      <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...select} />
    </Field>
  );
}
