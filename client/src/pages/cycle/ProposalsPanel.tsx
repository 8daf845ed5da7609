import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TextArea, TextField } from '../../components/Field.js';
import type { FormOutcome } from '../setup/useAction.js';
import type { Proposal } from '../../../../shared/cycle/model.js';
import type { CycleView } from './api.js';
import type { CycleSubmit } from './CycleEditor.js';
import { SaveRow } from './SaveRow.js';

/**
 * The Member States' proposals (one each per cycle), the group's choice among them, in agenda
 * order, and the launch of the online consultation on the chosen topics.
 */
export function ProposalsPanel({ view, submit }: { view: CycleView; submit: CycleSubmit }) {
  const { t } = useTranslation();
  const { state } = view;
  const launched = state.launchedAt !== null;
  const [picked, setPicked] = useState<string[]>(state.chosen ?? []);
  // A choice saved elsewhere replaces the ticks; a reload with the same choice keeps them.
  const [basis, setBasis] = useState(JSON.stringify(state.chosen));
  if (basis !== JSON.stringify(state.chosen)) {
    setBasis(JSON.stringify(state.chosen));
    setPicked(state.chosen ?? []);
  }
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const [asking, setAsking] = useState(false);
  // A Member State's proposal is gone for good once removed: the page asks first.
  const [removing, setRemoving] = useState<Proposal | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const toggle = (id: string, on: boolean) => setPicked(on ? [...picked, id] : picked.filter((other) => other !== id));
  const choose = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.length === 0) return;
    // Agenda order is the order of the list below.
    const ordered = state.proposals.map((proposal) => proposal.id).filter((id) => picked.includes(id));
    // The choice this page shows: if another secretary changed it since, this one is refused, not laid over theirs.
    setOutcome(await submit({ type: 'topics:choose', proposalIds: ordered, expectedChosen: state.chosen }));
  };
  const remove = async (proposal: Proposal) => {
    setRemoving(null);
    const removed = await submit({ type: 'proposal:remove', proposalId: proposal.id });
    setOutcome(removed);
    // Its button went with it: focus stays in the proposals rather than falling to the page's start.
    if (removed.ok) heading.current?.focus();
  };
  const launch = async () => {
    setAsking(false);
    setOutcome(await submit({ type: 'consultation:launch', expectedChosen: state.chosen }));
  };
  return (
    <section className="panel" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading" ref={heading} tabIndex={-1}>{t('cycle.proposals.heading')}</h2>
      <p className="hint">{t('cycle.proposals.hint')}</p>
      {state.proposals.length === 0 ? (
        <p className="empty">{t('cycle.proposals.none')}</p>
      ) : (
        <form onSubmit={(event) => void choose(event)}>
          <fieldset disabled={launched}>
            <legend>{t('cycle.proposals.chooseLegend')}</legend>
            <ul className="cycle-proposals">
              {state.proposals.map((proposal) => (
                <li key={proposal.id}>
                  <div className="checkbox">
                    <input
                      type="checkbox"
                      id={`choose-${proposal.id}`}
                      checked={picked.includes(proposal.id)}
                      onChange={(event) => toggle(proposal.id, event.target.checked)}
                      aria-describedby={`proposal-${proposal.id}-by`}
                    />
                    <label htmlFor={`choose-${proposal.id}`}>
                      <bdi>{proposal.title}</bdi>
                    </label>
                  </div>
                  <p className="hint" id={`proposal-${proposal.id}-by`}>
                    {t('cycle.proposals.by', { memberState: proposal.memberState })}
                    {state.chosen?.includes(proposal.id) ? ` · ${t('cycle.proposals.chosen')}` : ''}
                  </p>
                  {!launched && (
                    <button type="button" className="link-button" onClick={() => setRemoving(proposal)}>
                      {t('cycle.proposals.remove', { title: proposal.title })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {!launched && (
              <div className="button-row">
                <button type="submit" className="primary" aria-disabled={picked.length === 0 || undefined}>
                  {t('cycle.proposals.choose')}
                </button>
              </div>
            )}
          </fieldset>
        </form>
      )}
      {launched ? (
        <p className="notice">{t('cycle.proposals.launched')}</p>
      ) : (
        <>
          <AddProposal submit={submit} />
          {state.chosen && (
            <div className="button-row">
              <button type="button" className="primary" onClick={() => setAsking(true)}>
                {t('cycle.launch.button')}
              </button>
            </div>
          )}
        </>
      )}
      {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
      {removing && (
        <ConfirmDialog
          heading={t('cycle.proposals.confirmRemoveHeading', { title: removing.title })}
          onCancel={() => setRemoving(null)}
          cancelLabel={t('cycle.cancel')}
          actions={[{ label: t('cycle.proposals.confirmRemove'), primary: true, onChoose: () => void remove(removing) }]}
        >
          <p>{t('cycle.proposals.confirmRemoveBody', { memberState: removing.memberState })}</p>
        </ConfirmDialog>
      )}
      {asking && (
        <ConfirmDialog
          heading={t('cycle.launch.confirmHeading')}
          onCancel={() => setAsking(false)}
          cancelLabel={t('cycle.cancel')}
          actions={[{ label: t('cycle.launch.confirm'), primary: true, onChoose: () => void launch() }]}
        >
          <p>{t('cycle.launch.confirmBody', { count: state.chosen?.length ?? 0 })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddProposal({ submit }: { submit: CycleSubmit }) {
  const { t } = useTranslation();
  const id = useId();
  const empty = { memberState: '', title: '', description: '', questions: '' };
  const [draft, setDraft] = useState(empty);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const result = await submit({
      type: 'proposal:add',
      details: {
        memberState: draft.memberState,
        title: draft.title,
        description: draft.description,
        questions: draft.questions.split('\n').map((line) => line.trim()).filter(Boolean),
        translations: {},
      },
    });
    setOutcome(result);
    if (result.ok) setDraft(empty);
  };
  const set = (key: keyof typeof empty) => (event: { target: { value: string } }) => {
    setOutcome(null);
    setDraft({ ...draft, [key]: event.target.value });
  };
  return (
    <form onSubmit={(event) => void add(event)} className="cycle-add-proposal">
      <fieldset>
        <legend>{t('cycle.proposals.addLegend')}</legend>
        <div className="field-row">
          <TextField id={`${id}-state`} label={t('cycle.proposals.memberState')} value={draft.memberState} onChange={set('memberState')} required dir="auto" />
          <TextField id={`${id}-title`} label={t('cycle.proposals.title')} value={draft.title} onChange={set('title')} required dir="auto" />
        </div>
        <TextArea id={`${id}-description`} label={t('cycle.proposals.description')} value={draft.description} onChange={set('description')} rows={3} dir="auto" />
        <TextArea id={`${id}-questions`} label={t('cycle.proposals.questions')} value={draft.questions} onChange={set('questions')} rows={3} dir="auto" />
        <SaveRow label={t('cycle.proposals.add')} outcome={outcome} />
      </fieldset>
    </form>
  );
}
