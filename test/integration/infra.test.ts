import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { configNames } from '../../server/config.js';

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Settings other helpers of issue 11 are adding to server/config.ts (the PostgreSQL log, the Redis fan-out). */
const COMING_SETTINGS = ['DATABASE_URL', 'REDIS_URL'];

/**
 * infra/compose.yaml is YAML in its JSON-compatible style with comments on lines of their own:
 * there is no YAML parser among the project's packages, and JSON needs none.
 */
function composeFile() {
  const text = read('infra/compose.yaml');
  const json = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  return { text, compose: JSON.parse(json) as Compose };
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`: the variable's name. */
const variablesIn = (value: string) => [...value.matchAll(/\$\{([A-Z_]+)(?::[-?][^}]*)?\}/g)].map((match) => match[1]!);
/** A URL with its variables replaced by placeholders, to read its host and path. */
const urlOf = (value: string) => new URL(value.replace(/\$\{[^}]*\}/g, 'x'));

const { text, compose } = composeFile();
const nodes = Object.entries(compose.services).filter(([, service]) => service.build?.dockerfile === 'infra/Dockerfile');
const dockerfile = read('infra/Dockerfile');
const stages = dockerfile.split(/^(?=FROM )/m).filter((stage) => stage.startsWith('FROM '));
const runtime = stages.at(-1)!;
const stageNamed = (name: string) => stages.find((stage) => new RegExp(`^FROM \\S+ AS ${name}\\s`).test(stage));

describe('infra/compose.yaml', () => {
  it('runs two OpenFloor nodes built from infra/Dockerfile, the same but for their name (NODE_NAME too) and data volume', () => {
    expect(nodes.map(([name]) => name)).toEqual(['openfloor-1', 'openfloor-2']);
    const [[, first], [, second]] = nodes as [[string, Service], [string, Service]];
    const unnamed = (service: Service) => ({ ...service, volumes: [], environment: { ...service.environment, NODE_NAME: '' } });
    expect(unnamed(first)).toEqual(unnamed(second));
    expect([first.environment?.NODE_NAME, second.environment?.NODE_NAME]).toEqual(['openfloor-1', 'openfloor-2']);
    expect(first.volumes).toEqual(['openfloor-1-data:/data']);
    expect(second.volumes).toEqual(['openfloor-2-data:/data']);
    for (const volume of [...first.volumes!, ...second.volumes!]) expect(compose.volumes).toHaveProperty(volume.split(':')[0]!);
  });

  it('every node points at the PostgreSQL and Redis services, and waits for them to be healthy', () => {
    const postgres = compose.services.postgres!;
    const redis = compose.services.redis!;
    expect(postgres.image).toMatch(/^postgres:/);
    expect(redis.image).toMatch(/^redis:/);
    for (const [name, node] of nodes) {
      const database = urlOf(node.environment!.DATABASE_URL!);
      expect(database.protocol, name).toBe('postgres:');
      expect(database.hostname, name).toBe('postgres');
      expect(database.username, name).toBe(postgres.environment!.POSTGRES_USER);
      expect(database.pathname, name).toBe(`/${postgres.environment!.POSTGRES_DB}`);
      expect(variablesIn(node.environment!.DATABASE_URL!)).toEqual(variablesIn(postgres.environment!.POSTGRES_PASSWORD!));
      const redisUrl = urlOf(node.environment!.REDIS_URL!);
      expect(redisUrl.protocol, name).toBe('redis:');
      expect(redisUrl.hostname, name).toBe('redis');
      expect(node.depends_on, name).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(postgres.healthcheck?.test).toContain('pg_isready');
      expect(redis.healthcheck?.test).toContain('redis-cli');
    }
  });

  it('gives the nodes only settings that server/config.ts reads', () => {
    const known = new Set([...configNames, ...COMING_SETTINGS]);
    for (const [name, node] of nodes) {
      const unknown = Object.keys(node.environment!).filter((setting) => !known.has(setting));
      expect(unknown, `${name} gets settings the server ignores`).toEqual([]);
    }
  });

  it('gives every node the same link secret and admin token from the environment, as links signed by one are checked by the other', () => {
    for (const [, node] of nodes) {
      expect(variablesIn(node.environment!.LINK_SECRET!)).toEqual(['LINK_SECRET']);
      expect(variablesIn(node.environment!.ADMIN_TOKEN!)).toEqual(['ADMIN_TOKEN']);
      // `:?`: compose refuses to start without them rather than start nodes that disagree.
      expect(node.environment!.LINK_SECRET).toMatch(/^\$\{LINK_SECRET:\?/);
    }
  });

  it('runs LiveKit with a Redis of its own and the nodes’ API key, its webhooks reaching the nodes through the proxy', () => {
    const livekit = compose.services.livekit!;
    expect(livekit.image).toMatch(/^livekit\/livekit-server:/);
    const config = livekit.environment!.LIVEKIT_CONFIG!;
    const redisHost = config.match(/redis: \{address: '([^':]+):6379'\}/)?.[1];
    expect(redisHost).toBe('livekit-redis');
    expect(compose.services[redisHost!]!.image).toMatch(/^redis:/);
    expect(livekit.depends_on).toEqual({ 'livekit-redis': { condition: 'service_healthy' } });
    expect(livekit.environment!.LIVEKIT_KEYS).toBe('${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}');
    for (const [, node] of nodes) {
      expect(variablesIn(node.environment!.LIVEKIT_API_KEY!)).toEqual(['LIVEKIT_API_KEY']);
      expect(variablesIn(node.environment!.LIVEKIT_API_SECRET!)).toEqual(['LIVEKIT_API_SECRET']);
      expect(urlOf(node.environment!.LIVEKIT_URL!).protocol).toBe('wss:');
    }
    expect(config).toContain("urls: ['http://proxy:8080/api/livekit/webhook']");
  });

  it('puts a TLS proxy in front: both nodes behind one address, sticky for Socket.IO long-polling, skipping nodes whose /readyz fails', () => {
    const proxy = compose.services.proxy!;
    expect(proxy.ports).toContain('443:443');
    expect(proxy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    const caddyfile = read('infra/Caddyfile');
    const site = caddyfile.match(/^\{\$OPENFLOOR_HOST\} \{\n([\s\S]*?)^\}/m)?.[1];
    expect(site, 'the OpenFloor site block').toBeDefined();
    expect(site).toMatch(new RegExp(`reverse_proxy ${nodes.map(([name]) => `${name}:3000`).join(' ')} \\{`));
    expect(site).toMatch(/^\s+lb_policy cookie\b/m);
    expect(site).toMatch(/^\s+health_uri \/readyz$/m);
    expect(caddyfile).toMatch(/^:8080 \{\n\treverse_proxy openfloor-1:3000 openfloor-2:3000 \{/m);
    // The inner port is for LiveKit's webhooks only.
    expect(proxy.ports!.filter((port) => port.startsWith('8080'))).toEqual([]);
  });

  it('stops a node no sooner than its own bounded drain: the grace period is longer than 20 s', () => {
    expect(read('server/main.ts')).toMatch(/const SHUTDOWN_LIMIT_MS = 20_000;/);
    for (const [, node] of nodes) expect(Number.parseInt(node.stop_grace_period!, 10)).toBeGreaterThan(20);
  });

  it('has well-formed variables, and `docker compose config` accepts it where the docker client has compose', async () => {
    const variables = new Set(variablesIn(text));
    // Every `${` opens a variable of one of the three forms.
    expect(text.split('${').length - 1).toBe(variablesIn(text).length);
    expect([...variables].sort()).toEqual(
      ['ADMIN_TOKEN', 'LINK_SECRET', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET', 'LIVEKIT_HOST', 'MAIL_FROM', 'OPENFLOOR_HOST', 'POSTGRES_PASSWORD', 'SMTP_URL'].sort(),
    );
    let compose = true;
    try {
      execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    } catch {
      compose = false;
    }
    if (!compose) return;
    const env = Object.fromEntries([...variables].map((name) => [name, `${name.toLowerCase()}-0123456789abcdef0123456789abcdef`]));
    const { stdout } = await promisify(execFile)('docker', ['compose', '-f', 'infra/compose.yaml', 'config', '--format', 'json'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    const resolved = JSON.parse(stdout) as Compose;
    expect(Object.keys(resolved.services).sort()).toEqual(Object.keys(composeFile().compose.services).sort());
    expect(resolved.services['openfloor-1']!.environment!.LINK_SECRET).toBe(env.LINK_SECRET);
  });
});

describe('infra/Dockerfile', () => {
  it('builds in stages: with the dev dependencies to build, production dependencies only to run', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(stageNamed('build')).toMatch(/^RUN npm ci$/m);
    expect(stageNamed('build')).toMatch(/^RUN npm run build$/m);
    expect(stageNamed('production-deps')).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).toMatch(/^COPY --from=production-deps \/app\/node_modules \.\/node_modules$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/client\/dist \.\/client\/dist$/m);
    // What the build stage runs is what makes the server bundle.
    expect(JSON.parse(read('package.json')).scripts.build).toMatch(/node infra\/build-server\.mjs/);
  });

  it('runs the built server with plain node, no tsx: tsx is not a production dependency', () => {
    expect(runtime).toMatch(/^CMD \["node", "dist\/server\/main\.js"\]$/m);
    expect(runtime).not.toMatch(/tsx/);
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
    expect(Object.keys(manifest.devDependencies)).toContain('tsx');
  });

  it('runs as an unprivileged user that owns the data volume', () => {
    const user = runtime.match(/^USER (\S+)$/gm)?.at(-1);
    expect(user).toBe('USER node');
    expect(runtime).toMatch(/chown node:node \/data/);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD '));
  });

  it('checks its health on /healthz', () => {
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*(\\\n[^\n]*)*\/healthz/m);
  });
});
