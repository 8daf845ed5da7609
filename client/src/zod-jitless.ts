import { config } from 'zod';

/**
 * The pages' Content-Security-Policy allows no eval. Zod compiles fast object parsers with
 * `new Function` unless told not to, and its probe for that alone is reported as a policy
 * violation; this module runs before any schema is built (it is main.tsx's first import).
 */
config({ jitless: true });
