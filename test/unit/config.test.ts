import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.js';

describe('configuration of lasting links and e-mail', () => {
  it('links follow the meeting by 30 days unless told, and e-mail is off without SMTP_URL', () => {
    const config = parseConfig({});
    expect(config.LINK_GRACE_HOURS).toBe(720);
    expect(config.SMTP_URL).toBeUndefined();
    expect(parseConfig({ LINK_GRACE_HOURS: '48', SMTP_URL: 'smtps://u:p@mail.example.org:465' })).toMatchObject({
      LINK_GRACE_HOURS: 48,
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
    });
  });

  it.each([
    ['LINK_GRACE_HOURS', '-1'],
    ['LINK_GRACE_HOURS', '9000'],
    ['LINK_GRACE_HOURS', 'two days'],
    ['SMTP_URL', 'https://mail.example.org'],
    ['SMTP_URL', 'mail.example.org'],
  ])('%s=%s stops start-up with the variable named', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});
