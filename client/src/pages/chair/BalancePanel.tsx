import { useId, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../../shared/meeting/model.js';
import { balance, type Balance, type BalanceRow } from '../../../../shared/speaker-queue/balance.js';
import { formatDuration } from '../../format.js';
import { useServerSecond } from '../../realtime/clock.js';

/** Lets the chair see at a glance whether every group, in the room or remote, gets heard. */
export function BalancePanel({
  state,
  topic,
  clockOffsetMs,
}: {
  state: MeetingState;
  topic: Topic | null;
  clockOffsetMs: number;
}) {
  const { t, i18n } = useTranslation();
  const now = useServerSecond(clockOffsetMs);
  const panel = useRef<HTMLElement>(null);
  const stacked = useStackedWhenTooWide(panel, i18n.language);
  return (
    <section ref={panel} className={stacked ? 'panel stacked' : 'panel'} aria-labelledby="balance-heading">
      <h2 id="balance-heading">{t('balance.heading')}</h2>
      <p className="hint">{t('balance.waitingNote')}</p>
      {topic && <BalanceTable caption={t('balance.topic')} figures={balance(state, [topic], now)} />}
      <BalanceTable caption={t('balance.meeting')} figures={balance(state, state.topics, now)} />
    </section>
  );
}

function BalanceTable({ caption, figures }: { caption: string; figures: Balance }) {
  const { t } = useTranslation();
  const captionId = useId();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table className="balance">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t('balance.speeches')}</th>
            <th scope="col">{t('balance.speakingTime')}</th>
            <th scope="col">{t('balance.waiting')}</th>
          </tr>
        </thead>
        <tbody>
          <GroupHeading label={t('balance.byGroup')} />
          {figures.byGroup.map((row) => (
            <FigureRow key={row.key} label={t(`stakeholderGroup.${row.key}`)} row={row} />
          ))}
          <GroupHeading label={t('balance.byAttendance')} />
          {figures.byAttendance.map((row) => (
            <FigureRow key={row.key} label={t(`attendance.${row.key}`)} row={row} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('balance.total')}</th>
            <td>{figures.speeches}</td>
            <td>{formatDuration(figures.speakingMs)}</td>
            <WaitingCell waiting={figures.waiting} requests={figures.requests} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function GroupHeading({ label }: { label: string }) {
  return (
    <tr className="row-group">
      <th scope="colgroup" colSpan={4}>
        {label}
      </th>
    </tr>
  );
}

function FigureRow({ label, row }: { label: string; row: BalanceRow<string> }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{row.speeches}</td>
      <td>{formatDuration(row.speakingMs)}</td>
      <WaitingCell waiting={row.waiting} requests={row.requests} />
    </tr>
  );
}

/** People waiting, with their number of requests when some have more than one. */
function WaitingCell({ waiting, requests }: { waiting: number; requests: number }) {
  const { t } = useTranslation();
  return (
    <td>
      {waiting}
      {requests > waiting && <span className="balance-requests"> {t('balance.requests', { count: requests })}</span>}
    </td>
  );
}

/**
 * Whether the panel's tables are laid out with each group's name above its figures: only where
 * their four columns would not fit. How wide they need to be depends on the language (a Chinese
 * table needs a third of a Russian one) and the fonts, so it is measured, not guessed: a table
 * that overflows its region stacks, and stays so until the panel is again as wide as it was.
 */
function useStackedWhenTooWide(panel: RefObject<HTMLElement | null>, language: string): boolean {
  const [stacked, setStacked] = useState(false);
  const neededWidth = useRef(0);
  // Another language has other widths: measured afresh.
  useLayoutEffect(() => setStacked(false), [language]);
  useLayoutEffect(() => {
    if (stacked || !panel.current) return;
    const regions = [...panel.current.querySelectorAll<HTMLElement>('.table-scroll')];
    const overflowing = regions.filter((region) => region.scrollWidth > region.clientWidth + 1);
    if (overflowing.length === 0) return;
    neededWidth.current = Math.max(...overflowing.map((region) => region.scrollWidth));
    setStacked(true);
  });
  useLayoutEffect(() => {
    const region = panel.current?.querySelector<HTMLElement>('.table-scroll');
    if (!stacked || !region) return;
    const observer = new ResizeObserver(() => {
      if (region.clientWidth >= neededWidth.current) setStacked(false);
    });
    observer.observe(region);
    return () => observer.disconnect();
  }, [panel, stacked]);
  return stacked;
}
