import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FailureNotice } from '../../components/FailureNotice.js';
import { ADMIN_TOKEN_KEY, useFragmentSecret } from '../../secrets.js';
import { useAction } from '../setup/useAction.js';
import { cycleApi, type CycleView } from './api.js';
import { CycleTimeline } from './CycleTimeline.js';
import { cyclesHref } from './CyclesPage.js';

/**
 * The consultation cycle of a meeting on its setup page: where the cycle stands, live, with
 * a link to run it. A meeting without one keeps the timeline form it had (`children`) and can
 * start its cycle, which takes over the dates and offsets recorded there.
 */
export function CycleSummary({
  meetingId,
  hasGroupMeeting,
  meetingDates,
  children,
}: {
  meetingId: string;
  hasGroupMeeting: boolean;
  /** The meeting's own dates, as one key: the checks are asked again as soon as the meeting moves. */
  meetingDates: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [adminToken] = useFragmentSecret('admin', ADMIN_TOKEN_KEY, 'tab');
  const api = useMemo(() => cycleApi(adminToken ?? ''), [adminToken]);
  const [view, setView] = useState<CycleView | null | undefined>(undefined);
  const action = useAction();
  const reload = useCallback(async () => {
    const [found] = (await api.list(meetingId)).cycles;
    setView(found ? await api.view(found.id) : null);
  }, [api, meetingId]);
  useEffect(() => {
    void action.run(reload);
  }, [action.run, reload, meetingDates]);
  // The checks follow the calendar and the responses while the page stays open.
  useEffect(() => {
    const timer = setInterval(() => void reload().catch(() => undefined), 60_000);
    return () => clearInterval(timer);
  }, [reload]);
  // The form keeps its place in the tree while the check is on its way, so a draft typed
  // meanwhile survives its answer.
  return (
    <>
      {view !== undefined && (
        <section className="panel" aria-labelledby="cycle-summary-heading">
          <h2 id="cycle-summary-heading">{t('cycle.summary.heading')}</h2>
          {view ? (
            <>
              <CycleTimeline view={view} />
              <p>
                <a href={cyclesHref(view.state.id)}>{t('cycle.summary.manage')}</a>
              </p>
            </>
          ) : (
            <>
              <p className="hint">{t(hasGroupMeeting ? 'cycle.summary.none' : 'cycle.summary.needGroupMeeting')}</p>
              {hasGroupMeeting && (
                <button
                  type="button"
                  className="primary"
                  onClick={() =>
                    void action.run(async () => {
                      await api.createFromMeeting(meetingId);
                      await reload();
                    })
                  }
                >
                  {t('cycle.summary.start')}
                </button>
              )}
            </>
          )}
          <FailureNotice failure={action.failure} />
        </section>
      )}
      {!view && children}
    </>
  );
}
