import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/errors.js';
import type { MeetingState } from '../../../shared/meeting/model.js';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import { pageOfRole, type SessionIdentity } from '../../../shared/protocol/socket.js';
import { errorText } from '../i18n/failures.js';
import { useMeetingLanguage } from '../i18n/useMeetingLanguage.js';
import { useMeeting, type MeetingConnection, type ReadingPage } from '../realtime/useMeeting.js';
import { isMeetingPage, meetingPath, type MeetingPage } from '../routes.js';
import { meetingTokenKey, useFragmentSecret } from '../secrets.js';
import { RememberedLink } from './ForgetDevice.js';
import { PageLayout } from './PageLayout.js';
import { LoadingNotice } from './LoadingNotice.js';

/**
 * A connection that has its first snapshot; `token` is the link's own secret; `media` the
 * server's audio/video presence view (null until the server has sent it).
 */
export type LiveMeeting = MeetingConnection & {
  state: MeetingState;
  you: SessionIdentity;
  token: string;
  media: MediaPresenceView | null;
};

interface MeetingGateProps {
  meetingId: string;
  page: MeetingPage;
  /** The page's name, for the heading while the meeting is not there yet. */
  heading: string;
  /** Whether this page serves the link's holder. */
  admits: (you: SessionIdentity) => boolean;
  /** A page that only reads: it follows the meeting on the meeting event stream rather than a socket. */
  reading?: ReadingPage;
  children: (meeting: LiveMeeting) => ReactNode;
}

/** Everything between opening a meeting link and having the meeting to show. */
export function MeetingGate(props: MeetingGateProps) {
  const [token, remember] = useFragmentSecret('token', meetingTokenKey(props.meetingId, props.page), 'device');
  const { t } = useTranslation();
  const remembered = useMemo(() => ({ forget: () => remember(null) }), [remember]);
  if (token === null) {
    return (
      <PageLayout heading={props.heading}>
        <p className="notice">{t('gate.noLink')}</p>
        {props.page === 'participant' && (
          <p>
            <a href={meetingPath(props.meetingId, 'register')}>{t('gate.getLinkAgain')}</a>
          </p>
        )}
      </PageLayout>
    );
  }
  return (
    <RememberedLink.Provider value={remembered}>
      <ConnectedMeeting {...props} token={token} />
    </RememberedLink.Provider>
  );
}

function ConnectedMeeting({ meetingId, heading, page, admits, reading, children, token }: MeetingGateProps & { token: string }) {
  const { t } = useTranslation();
  const meeting = useMeeting(meetingId, token, reading ?? null);
  const media = meeting.presence;
  useMeetingLanguage(meeting.state?.languages);
  if (meeting.status === 'refused') {
    return (
      <PageLayout heading={heading}>
        <Refused refusal={meeting.refusal} />
      </PageLayout>
    );
  }
  const { state, you } = meeting;
  if (!state || !you) {
    return (
      <PageLayout heading={heading} connection={meeting.status}>
        <LoadingNotice />
      </PageLayout>
    );
  }
  if (!admits(you)) {
    const own: string = pageOfRole[you.role];
    return (
      <PageLayout heading={heading} context={state.title} connection={meeting.status}>
        <p className="notice">{t('gate.otherPage', { role: t(`role.${you.role}`, { defaultValue: you.role }) })}</p>
        {/* A role whose page this client does not have yet gets no link. */}
        {own !== page && isMeetingPage(own) && (
          <p>
            {/* The link goes along: each page of a meeting remembers its own. */}
            <a href={`${meetingPath(meetingId, own)}#token=${encodeURIComponent(token)}`}>{own === 'venue' ? t('venue.openPage') : t(`gate.open.${own}`)}</a>
          </p>
        )}
      </PageLayout>
    );
  }
  return children({ ...meeting, state, you, token, media });
}

function Refused({ refusal }: { refusal: AppError | null }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorText(t, refusal ?? { code: 'UNAUTHORIZED', message: '' })}</p>
      {refusal?.code === 'CLIENT_TOO_OLD' && (
        <button type="button" onClick={() => location.reload()}>
          {t('gate.reload')}
        </button>
      )}
    </div>
  );
}
