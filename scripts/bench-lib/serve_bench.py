"""`scripts/bench --serve`: gazette-serve under load from wrk (Debian's `wrk`).

For each database it starts gazette-serve on a free loopback port, warms it with one pass
over the query list, then drives /api/search (top 10, the bench's queries in turn) with wrk
at 1, 4 and 16 connections for a fixed time each, and records requests/s, p50/p95/p99
latency, non-2xx answers and socket errors, and the server's resident memory before and
after. wrk runs on the same machine (2 cores here): its own CPU is part of what each figure
pays for. Only the Python standard library is used.
"""
import json
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request

# wrk's script: each request the next query of QUERIES (a Lua table), and at the end one JSON
# line with the counts and latency percentiles (microseconds).
LUA = r'''
local queries = {%s}
local n = 0
request = function()
  n = n %% #queries + 1
  return wrk.format("GET", "/api/search?limit=10&q=" .. queries[n])
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "status_errors": %%d, "socket_errors": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
'''


def rss_kib(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def start_server(serve, db, threads, log_path, quiet=True):
    """Starts gazette-serve on a free port; returns (process, base URL)."""
    log_file = open(log_path, 'w')
    proc = subprocess.Popen([serve] + (['-q'] if quiet else []) + ['--db', db, '--listen', '127.0.0.1:0', '--threads',
                             str(threads)], stdout=subprocess.PIPE, stderr=log_file, text=True,
                            start_new_session=True)
    line = proc.stdout.readline().strip()
    if not line.startswith('listening on http://'):
        proc.kill()
        raise RuntimeError(f'gazette-serve did not start (see {log_path})')
    return proc, line[len('listening on '):].rstrip('/')


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return 'killed'


def warm(base, queries):
    for q in queries:
        url = base + '/api/search?limit=10&q=' + urllib.parse.quote(q)
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()


def run_wrk(base, script, connections, seconds):
    threads = min(connections, 2)
    cmd = ['wrk', '-t', str(threads), '-c', str(connections), '-d', f'{seconds}s', '--timeout', '10s',
           '-s', script, base]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    for line in out.stdout.splitlines():
        if line.startswith('{'):
            r = json.loads(line)
            r['rps'] = r['requests'] / (r['duration_us'] / 1e6)
            r['command'] = ' '.join(cmd)
            return r
    raise RuntimeError(f'wrk printed no summary: {out.stdout[-300:]} {out.stderr[-300:]}')


def bench_database(serve, label, db, queries, work, connections, seconds, threads):
    os.makedirs(work, exist_ok=True)
    script = os.path.join(work, 'search.lua')
    with open(script, 'w') as f:
        f.write(LUA % ', '.join(json.dumps(urllib.parse.quote(q)) for q in queries))
    proc, base = start_server(serve, db, threads, os.path.join(work, f'serve-{label}.log'))
    try:
        started = time.time()
        warm(base, queries)
        out = {'label': label, 'db': db, 'threads': threads, 'seconds': seconds,
               'warm_pass_s': time.time() - started, 'rss_before_kib': rss_kib(proc.pid),
               'runs': []}
        for c in connections:
            r = run_wrk(base, script, c, seconds)
            r['connections'] = c
            r['loadavg'] = os.getloadavg()[0]
            out['runs'].append(r)
        out['rss_after_kib'] = rss_kib(proc.pid)
    finally:
        out_status = stop_server(proc)
    out['exit'] = out_status
    return out


def soak_lines(soak):
    rss = soak['rss_samples']
    statuses = ', '.join(f'{code}: {count:,}' for code, count in soak['statuses'].items())
    return [f'Soak: {soak["seconds"]} s of mixed requests at 16 connections (three top-10 searches, '
            'then one bad request: a limit over 100, an unknown parameter, NEAR beside a phrase, '
            'an unknown article, an unknown path, a bad timeline period) on a copy of the '
            f'database while gazette-index added a file and committed {soak["commits"]} times: '
            f'{soak["requests"]:,} requests ({soak["requests"] / (soak["duration_us"] / 1e6):.0f}/s, '
            f'p99 {soak["p99_us"] / 1000:.0f} ms), statuses {statuses}, {soak["socket_errors"]} '
            f'socket errors, {soak["log_errors"]} errors logged; the next request found '
            f'{soak["soak_articles_seen"]} of the {soak["commits"]} articles committed. Server RSS (MiB) every 10 s: '
            + ', '.join(f'{kib / 1024:.0f}' for _, kib in rss if kib) + f'; exit status on SIGTERM: {soak["exit"]}.', '']


def markdown(results, when, command, soak=None):
    lines = ['<!-- serve-bench: written by scripts/bench --serve; kept by full runs -->',
             '## gazette-serve under load',
             '',
             f'Run: `{command}`, {when}. wrk drives `/api/search?limit=10&q=...` (the bench\'s '
             'queries in turn, top-10 JSON) on loopback, after one warm-up pass; wrk and the '
             'server share the machine\'s cores, and other engineers\' builds run meanwhile '
             '(load average at the start of each row).',
             '']
    for r in results:
        lines += [f'### {r["label"]} ({r["threads"]} worker threads, {r["seconds"]} s a row)', '',
                  '| connections | requests/s | p50 | p95 | p99 | max | non-2xx | socket errors | load |',
                  '|---|---|---|---|---|---|---|---|---|']
        for run in r['runs']:
            lines.append(f'| {run["connections"]} | {run["rps"]:.0f} | {run["p50_us"] / 1000:.1f} ms | '
                         f'{run["p95_us"] / 1000:.1f} ms | {run["p99_us"] / 1000:.1f} ms | '
                         f'{run["max_us"] / 1000:.0f} ms | {run["status_errors"]} | '
                         f'{run["socket_errors"]} | {run["loadavg"]:.1f} |')
        before, after = r.get('rss_before_kib'), r.get('rss_after_kib')
        if before and after:
            lines += ['', f'Server RSS {before / 1024:.0f} MiB after the warm-up, '
                          f'{after / 1024:.0f} MiB after the last row; exit status on SIGTERM: '
                          f'{r["exit"]}.']
        lines.append('')
    if soak:
        lines += soak_lines(soak)
    if not any(r['label'].startswith('scale') for r in results):
        lines += ['Not measured in this run: the compacted 1,000,000-article scale database that '
                  "issue 17's target names (at least 400 requests/s at 16 connections, p99 under "
                  '100 ms); give it with `--serve-db scale=PATH`.', '']
    lines.append('<!-- /serve-bench -->')
    return lines


def replace_section(doc, lines):
    """Puts the section `lines` into the report at `doc`, in place of an earlier one."""
    text = open(doc).read() if os.path.exists(doc) else '# Benchmarks\n'
    section = '\n'.join(lines)
    start = text.find('<!-- serve-bench')
    end = text.find('<!-- /serve-bench -->')
    if start >= 0 and end > start:
        text = text[:start] + section + text[end + len('<!-- /serve-bench -->'):]
    else:
        text = text.rstrip('\n') + '\n\n' + section + '\n'
    with open(doc, 'w') as f:
        f.write(text)


def kept_section(doc):
    """The serve section of the report at `doc`, for a full run to write again; [] if none."""
    if not os.path.exists(doc):
        return []
    text = open(doc).read()
    start = text.find('<!-- serve-bench')
    end = text.find('<!-- /serve-bench -->')
    if start < 0 or end < start:
        return []
    return text[start:end + len('<!-- /serve-bench -->')].split('\n') + ['']


# The soak's requests: three searches, then one of each kind of bad request in turn (each must
# be answered 400 or 404, never a crash or a 5xx).
SOAK_LUA = r'''
local queries = {%s}
local bad = {"/api/search?q=oil&limit=5000", "/api/search?q=oil&bogus=1",
             "/api/search?q=%%22oil%%20prices%%22%%20NEAR%%20gold", "/api/article/nothing%%23here",
             "/api/nowhere", "/api/timeline?q=oil&timeline=decade"}
local n, b = 0, 0
request = function()
  n = n + 1
  if n %% 4 == 0 then
    b = b %% #bad + 1
    return wrk.format("GET", bad[b])
  end
  return wrk.format("GET", "/api/search?limit=10&q=" .. queries[n %% #queries + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "p99_us": %%d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(99)))
end
'''


def soak(serve, index, db, queries, work, seconds, threads):
    """Mixed valid and invalid requests at 16 connections for `seconds` while gazette-index
    adds a file and commits every second or so; the server's RSS sampled every 10 s."""
    import shutil
    os.makedirs(work, exist_ok=True)
    copy = os.path.join(work, 'soak-db')
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(db, copy)
    inputs = os.path.join(work, 'soak-inputs')
    shutil.rmtree(inputs, ignore_errors=True)
    os.makedirs(inputs)
    script = os.path.join(work, 'soak.lua')
    with open(script, 'w') as f:
        f.write(SOAK_LUA % ', '.join(json.dumps(urllib.parse.quote(q)) for q in queries))
    proc, base = start_server(serve, copy, threads, os.path.join(work, 'soak-serve.log'), quiet=False)
    try:
        warm(base, queries)
        cmd = ['wrk', '-t', '2', '-c', '16', '-d', f'{seconds}s', '--timeout', '10s', '-s', script, base]
        load = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        samples, commits, start = [], 0, time.time()
        while load.poll() is None:
            with open(os.path.join(inputs, f'soak-{commits}.txt'), 'w') as f:
                f.write(f'date 2024-01-{commits % 28 + 1:02d} Soakmarker report {commits}\n\n'
                        f'Oil prices moved again in report {commits}.\n')
            subprocess.run([index, '-q', '--db', copy, inputs], timeout=120, check=True)
            commits += 1
            if not samples or time.time() - samples[-1][0] - start >= 10:
                samples.append((time.time() - start, rss_kib(proc.pid)))
            time.sleep(1)
        out = json.loads([line for line in load.stdout.read().splitlines() if line.startswith('{')][-1])
        with urllib.request.urlopen(base + '/api/count?q=soakmarker', timeout=60) as r:
            out['soak_articles_seen'] = json.load(r)['count']
        out.update({'commits': commits, 'rss_samples': samples, 'command': ' '.join(cmd),
                    'seconds': seconds})
        log_text = open(os.path.join(work, 'soak-serve.log')).read()
        statuses = re.findall(r'^info: GET \S+ (\d{3}) [\d.]+ ms$', log_text, re.M)
        out['statuses'] = {code: statuses.count(code) for code in sorted(set(statuses))}
        out['log_errors'] = len(re.findall(r'^error: ', log_text, re.M))
    finally:
        out_status = stop_server(proc)
    out['exit'] = out_status
    return out
