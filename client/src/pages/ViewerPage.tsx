import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { languages } from '../../../shared/meeting/model.js';
import { captionCandidates } from '../captions/layout.js';
import { loadCaptionPreferences } from '../captions/preferences.js';
import { currentTopic } from '../../../shared/meeting/selectors.js';
import { FloorAnnouncer } from '../components/FloorAnnouncer.js';
import { FloorPanel } from '../components/FloorPanel.js';
import { LastSpeaker } from '../components/LastSpeaker.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { FloorRecordedNotice } from '../components/FloorRecordedNotice.js';
import { MeetingStatusNotice } from '../components/MeetingStatusNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import { QueueList } from '../components/QueueList.js';
import { TopicInfo } from '../components/TopicInfo.js';
import { CaptionArea, CaptionTranscript, useLiveCaptions } from '../components/captions/LiveCaptions.js';
import { RoomWatch } from '../media/RoomWatch.js';
import { SignerSlot } from '../media/SignLanguage.js';

/** For webcast viewers and anyone following along: everything, and nothing to press. */
export function ViewerPage({ meetingId }: { meetingId: string }) {
  const { t, i18n } = useTranslation();
  // The stream starts with the captions the page will show (useLiveCaptions' choice, but for the
  // meeting's own languages, which it does not have yet).
  const reading = useMemo(
    () => ({ preferCaptions: captionCandidates(loadCaptionPreferences().language, location.search, languages, i18n.resolvedLanguage) }),
    [i18n],
  );
  return (
    <MeetingGate meetingId={meetingId} page="viewer" heading={t('viewer.heading')} admits={() => true} reading={reading}>
      {(meeting) => <ViewerView meeting={meeting} />}
    </MeetingGate>
  );
}

function ViewerView({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  const captions = useLiveCaptions(meeting);
  const captionArea = <CaptionArea captions={captions} languages={state.languages} />;
  const transcript = <CaptionTranscript captions={captions} meeting={meeting} />;
  return (
    <PageLayout heading={t('viewer.heading')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <MeetingStatusNotice state={state} />
      <FloorRecordedNotice state={state} />
      {captions.preferences.position === 'above' && captionArea}
      {/* The room feed stays mounted whatever the agenda does, so its connection is not dropped. */}
      <div className="columns">
        <div className="column">
          <RoomWatch meeting={meeting} />
          {topic ? (
            <>
              <FloorPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />
              <section className="panel" aria-labelledby="queue-heading">
                <h2 id="queue-heading">{t('queue.heading')}</h2>
                {topic.listClosed && <p className="notice">{t('queue.closed')}</p>}
                <QueueList state={state} entries={topic.queue} />
                <LastSpeaker state={state} topic={topic} />
              </section>
            </>
          ) : (
            <p className="notice">{t('errors.NO_CURRENT_TOPIC')}</p>
          )}
        </div>
        <div className="column">
          {transcript}
          {topic && <TopicInfo topic={topic} original={state.languages[0] ?? 'en'} />}
        </div>
      </div>
      {captions.preferences.position === 'below' && captionArea}
      <SignerSlot alone />
    </PageLayout>
  );
}
