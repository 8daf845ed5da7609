import { createRequire } from 'node:module';

// webvtt-parser is CommonJS without types, and it attaches its exports at run time (so ESM
// named imports cannot see them): load it through require and type the little we use.
export interface VttNode {
  type: 'text' | 'object' | 'timestamp';
  name?: string;
  value?: string | number;
  children?: VttNode[];
}
export interface VttCue {
  id: string;
  startTime: number;
  endTime: number;
  text: string;
  tree: { children: VttNode[] };
}
export interface VttResult {
  cues: VttCue[];
  errors: { message: string; line: number; col?: number }[];
}
const require = createRequire(import.meta.url);
const { WebVTTParser } = require('webvtt-parser') as {
  WebVTTParser: new (entities?: Record<string, string>) => { parse(input: string, mode?: string): VttResult };
};
// The parser's built-in entity table lists `&amp` but not `&amp;`, and decodes `&amp;` as `&;`
// (its README: pass html-entities.json "for the full spec-compliant behavior").
const entities = require('webvtt-parser/html-entities.json') as Record<string, string>;
export const parseVtt = (input: string) => new WebVTTParser(entities).parse(input, 'subtitles');

