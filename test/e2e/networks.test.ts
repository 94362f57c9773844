/**
 * Network segmentation on the real engine, by both Docker routes: a workload that joins one internal
 * network (`join NAME internal`). The `docker run` route runs the `docker network create` line that
 * docker-run.txt carries as a comment, then the line itself; the Compose route lets docker-compose
 * 1.29 create the network from compose.yaml (`name:` and `internal: true`). Each route then shows:
 * the network is internal (`docker network inspect`), the workload is on it alone, a second container
 * on the same network reaches the workload's web server, and neither the workload nor that second
 * container reaches anything outside the network: a web server on the default bridge answers a
 * container there and the host through its loopback-published port (the controls), but not them.
 *
 * The fixture lives in a subfolder the other end-to-end suites do not read (its network needs
 * setting up), and its network is renamed per run (`secpol-e2e-RUNID-…`): parallel runs do not
 * share it, and the harness sweeps networks of runs that died. Every network made here is removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { emitAll } from '../../src/emitters/index.js';
import type { BuiltCase } from '../support/cases.js';
import { RUN_ID, RUN_LABEL, Session, docker, exec, mustBuild, outcome, sleep, type Started } from '../support/containers.js';
import { TEST_IMAGE, countProbe, requireEngine } from '../support/engines.js';
import { repoHost } from '../support/repo.js';

const POLICY = 'test/e2e/fixtures/networks/internal-web.secpol';
/** The network the fixture joins, replaced by a name unique to the run. */
const FIXTURE_NETWORK = 'netseg-internal';
const PORT = 8080;

/** The fixture compiled with its network renamed to `network`. */
function buildOn(network: string): BuiltCase {
  const text = (repoHost.readFile(POLICY) as string);
  const renamed = text.replace(`join ${FIXTURE_NETWORK} internal`, `join ${network} internal`);
  if (renamed === text) throw new Error(`${POLICY} no longer joins ${FIXTURE_NETWORK}`);
  const r = compile(POLICY, renamed, repoHost);
  if (!r.ir) throw new Error(`${POLICY} does not compile with its network renamed to ${network}`);
  return { name: POLICY, ir: r.ir, files: new Map(emitAll(r.ir).map((a) => [a.path, a.content])) };
}

/** The `docker network …` commands docker-run.txt carries as `#   docker network …` comment lines. */
function setupCommands(txt: string): string[][] {
  return txt
    .split('\n')
    .flatMap((l) => {
      const m = /^#\s+docker (network .*)$/.exec(l);
      return m ? [m[1]!.split(' ')] : [];
    });
}

/** A container's address on one network (empty when it is not on it). */
async function addressOn(container: string, network: string): Promise<string> {
  const r = await docker(['inspect', '-f', `{{with index .NetworkSettings.Networks "${network}"}}{{.IPAddress}}{{end}}`, container]);
  return r.stdout.trim();
}

/**
 * An HTTP GET of /hostname from `ip`:PORT with `busybox nc` (3 s to connect), as a command to run in
 * a container. (The static busybox's `wget` crashes here; `nc` does not.) `ip` is a dotted quad.
 */
function httpGet(ip: string): string[] {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) throw new Error(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return ['sh', '-c', `printf 'GET /hostname HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 ${ip} ${PORT}`];
}

/** `httpGet(ip)` from a throw-away container on `network` (with this run's label). */
function fetchFrom(network: string, ip: string): ReturnType<typeof docker> {
  return docker(['run', '--rm', '--network', network, '--label', `${RUN_LABEL}=${RUN_ID}`, TEST_IMAGE, ...httpGet(ip)], 90_000);
}

/** The page's last line is `text` (the body of /hostname). */
const endsWithLine = (text: string): RegExp => new RegExp(`(^|\\n)${text.replace(/[^A-Za-z0-9]/g, '\\$&')}$`);

/** Retries `f` until it succeeds or `tries` run out (a server needs a moment to listen). */
async function retry(f: () => ReturnType<typeof docker>, tries = 10): ReturnType<typeof docker> {
  let r = await f();
  for (let i = 1; i < tries && r.code !== 0; i++) {
    await sleep(500);
    r = await f();
  }
  return r;
}

const routes = [
  { route: 'docker' as const, engine: 'docker' as const },
  { route: 'compose' as const, engine: 'compose' as const },
];

describe.each(routes)('$route: a workload on an internal network', ({ route, engine }) => {
  describe.skipIf(requireEngine(engine).skip)(`${route} route`, () => {
    const count = () => countProbe(route);
    const session = new Session('networks');
    const network = session.uniqueName(route, 'internal');
    const outside = session.uniqueName(route, 'outside');
    let built: BuiltCase;
    let s: Started;
    let outsideIp = '';
    let outsidePublished = '';

    beforeAll(async () => {
      mustBuild(POLICY); // the fixture compiles as written
      built = buildOn(network);
      // A web server on Docker's default bridge, published on the host's loopback only: outside the
      // internal network, and reachable from this machine alone.
      const o = await docker(['run', '-d', '--name', outside, '--label', `${RUN_LABEL}=${RUN_ID}`, '-p', `127.0.0.1::${PORT}`, TEST_IMAGE, 'busybox', 'httpd', '-f', '-p', String(PORT), '-h', '/etc']);
      if (o.code !== 0) throw new Error(`cannot start ${outside}: ${o.stderr}`);
      outsideIp = await addressOn(outside, 'bridge');
      outsidePublished = (await docker(['port', outside, `${PORT}/tcp`])).stdout.trim().split('\n')[0] ?? '';
      if (route === 'docker') {
        for (const args of setupCommands(built.files.get('docker-run.txt')!)) {
          const r = await docker(args);
          if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
        }
        s = await session.dockerRun(built);
      } else {
        s = await session.composeUp(built);
      }
    });

    afterAll(async () => {
      await session.cleanup();
      await docker(['rm', '-f', outside]);
      const left = await docker(['network', 'inspect', network]);
      if (left.code === 0) {
        const rm = await docker(['network', 'rm', network]);
        if (rm.code !== 0) console.warn(`secpol e2e: cannot remove network ${network}: ${rm.stderr}`);
      }
    });

    it('docker-run.txt says how to create the network, internal', () => {
      expect(setupCommands(built.files.get('docker-run.txt')!)).toEqual([['network', 'create', '--internal', network]]);
      expect(JSON.parse(built.files.get('docker-run.json')!)).toContain(network);
    });

    it('starts, on the network', async () => {
      expect(outcome(`starting ${built.ir.name} (${route})`, s.start, { code: 0 })).toEqual([]);
      count();
      const r = await docker(['inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', s.container]);
      expect(r.stdout.trim()).toBe(network);
    });

    it('the network is created internal', async () => {
      count();
      const r = await docker(['network', 'inspect', '-f', '{{.Internal}} {{.Name}}', network]);
      expect(r.stdout.trim()).toBe(`true ${network}`);
    });

    it('a second container on the same network reaches the workload\'s server', async () => {
      const ip = await addressOn(s.container, network);
      expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      count();
      const r = await retry(() => fetchFrom(network, ip));
      const hostname = (await exec(s.container, ['cat', '/etc/hostname'])).stdout.trim();
      expect(hostname).not.toBe('');
      expect(outcome('GET of the workload from its network', r, { code: 0, out: endsWithLine(hostname) })).toEqual([]);
    });

    it('the control: the host reaches the server outside on its loopback-published port', async () => {
      expect(outsidePublished).toMatch(/^127\.0\.0\.1:\d+$/);
      count();
      let body = '';
      for (let i = 0; i < 10 && body === ''; i++) {
        body = await fetch(`http://${outsidePublished}/hostname`).then((r) => (r.ok ? r.text() : ''), () => '');
        if (body === '') await sleep(500);
      }
      const hostname = (await exec(outside, ['cat', '/etc/hostname'])).stdout.trim();
      expect(body.trim()).toBe(hostname);
    });

    it('the control: a container on the default bridge reaches the server outside', async () => {
      expect(outsideIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      count();
      const r = await retry(() => fetchFrom('bridge', outsideIp));
      expect(outcome('GET of the outside server from the bridge', r, { code: 0, out: /^HTTP\/1\.[01] 200/ })).toEqual([]);
    });

    it('a container on the internal network does not reach the server outside', async () => {
      count();
      const r = await fetchFrom(network, outsideIp);
      expect(outcome('GET of the outside server from the internal network', r, { code: 1, out: '', err: /unreachable|timed out/i })).toEqual([]);
    });

    it('the workload does not reach the server outside', async () => {
      count();
      // Docker 20.10 still gives a container on an internal network a default route to the network's
      // bridge; what keeps it in is the engine's filter, which drops what leaves the subnet.
      const r = await exec(s.container, httpGet(outsideIp));
      expect(outcome('GET of the outside server from the workload', r, { code: 1, out: '', err: /unreachable|timed out/i })).toEqual([]);
    });
  });
});
