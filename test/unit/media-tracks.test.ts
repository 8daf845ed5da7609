import { describe, expect, it } from 'vitest';
import { channelOfTrackName, channelTrackName } from '../../shared/protocol/media.js';

describe('interpretation channel tracks on LiveKit', () => {
  it('a channel’s track names its language, and the language is read back from the name', () => {
    expect(channelOfTrackName(channelTrackName('fr'))).toBe('fr');
    expect(channelOfTrackName(channelTrackName('zh'))).toBe('zh');
    expect(channelTrackName('ar')).not.toBe(channelTrackName('fr'));
  });

  it('the sign-language booth’s picture has a track name of its own, read back as that booth', () => {
    expect(channelOfTrackName(channelTrackName('sgn'))).toBe('sgn');
    expect(channelTrackName('sgn')).not.toBe(channelTrackName('en'));
    expect(channelOfTrackName('interpretation.ase')).toBeNull();
  });

  it('floor tracks, and names that only look like a channel, carry no channel', () => {
    expect(channelOfTrackName('microphone')).toBeNull();
    expect(channelOfTrackName('fr')).toBeNull();
    expect(channelOfTrackName(`${channelTrackName('fr')}x`)).toBeNull();
    expect(channelOfTrackName(`x${channelTrackName('fr')}`)).toBeNull();
    // The prefix is exact: another separator of the same length is not a channel.
    expect(channelOfTrackName('interpretation-fr')).toBeNull();
    expect(channelOfTrackName('interpretation_fr')).toBeNull();
  });
});
