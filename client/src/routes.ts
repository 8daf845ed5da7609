/** Pages reached through a meeting link: `/m/:meetingId/<page>`. */
const meetingPages = ['chair', 'participant', 'screen', 'viewer', 'register', 'captioner', 'venue', 'overlay', 'interpreter'] as const;
export type MeetingPage = (typeof meetingPages)[number];

type Route =
  | { page: 'landing' }
  | { page: 'setup' }
  | { page: 'cycles' }
  | { page: MeetingPage; meetingId: string }
  | { page: 'not-found' };

export function isMeetingPage(value: string): value is MeetingPage {
  return (meetingPages as readonly string[]).includes(value);
}

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'landing' };
  if (path === '/setup') return { page: 'setup' };
  if (path === '/cycles') return { page: 'cycles' };
  const match = /^\/m\/([A-Za-z0-9_-]{1,64})\/([a-z]+)$/.exec(path);
  if (match?.[1] && match[2] && isMeetingPage(match[2])) return { page: match[2], meetingId: match[1] };
  return { page: 'not-found' };
}

export const meetingPath = (meetingId: string, page: MeetingPage) => `/m/${encodeURIComponent(meetingId)}/${page}`;
