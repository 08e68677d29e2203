import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectRejected, readMessage } from '../../../test/helpers/read-message.ts';
import { errorKindOf, parseContainerdHead, parseContainerdLine, readContainerd } from './containerd.ts';
import type { Reading } from './reading.ts';

const C = '4f2c9b7e1d0a3c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6';
const X = 'a1a311b7e17d884949d285be9998ca14fc1f753f4bd837013cc589ffaca83338';

const read = (message: string, fields: Reading['fields'] = {}) =>
  readMessage(readContainerd, message, fields);

describe('readContainerd: the line', () => {
  it('keeps level, msg and the raw time of a journal message', () => {
    const r = read(`time="2023-06-15T12:01:21.373969868+08:00" level=info msg="shim disconnected" id=${C}`);
    expect(r.ok).toBe(true);
    expect(r.fields).toMatchObject({
      level: 'info',
      msg: 'shim disconnected',
      time: '2023-06-15T12:01:21.373969868+08:00',
      id: C,
      what: 'shim-disconnected',
    });
    expect(r.entities).toEqual([{ kind: 'container', id: C }]);
  });

  it('takes no image digest or exec id for a container', () => {
    // containerd's cri image_pull.go: `Pulled image %q with image id %q, repo tag %q, repo digest %q, size %q in %s`
    const pulled = read(
      'time="2025-11-24T06:57:27.623684280Z" level=info msg="Pulled image \\"registry.example.com/platform/auth:3.19.6\\" with image id \\"sha256:171f00cbb7361eaf7ca648f189f2e9af71458342deff438085a74075f804eaeb\\", repo tag \\"registry.example.com/platform/auth:3.19.6\\", size \\"12345\\" in 1.2s"',
    );
    expect(pulled.entities.filter((e) => e.kind === 'container')).toEqual([]);
    const piping = read(
      `time="2025-11-24T06:57:27Z" level=info msg="Finish piping \\"stderr\\" of container exec \\"${X}\\""`,
    );
    expect(piping.entities.filter((e) => e.kind === 'container')).toEqual([]);
  });

  it('never overwrites what the envelope set', () => {
    const r = read('time="2025-11-26T10:00:01Z" level=error msg="publish OOM event" error="x"', {
      level: 'kept',
    });
    expect(r.fields.level).toBe('kept');
    expect(r.fields.what).toBe('publish-oom-failed');
  });

  it('reads the TTY and JSON forms', () => {
    const tty = read(
      'WARN[2019-04-11T10:39:37.414006366-07:00] cleaning up after shim disconnected           id=8007d9037578e0afb63a5c1254f998db917d1653a333ef71fb68c13aab064e61 namespace=k8s.io',
    );
    expect(tty.fields).toMatchObject({
      level: 'warning',
      msg: 'cleaning up after shim disconnected',
      namespace: 'k8s.io',
    });
    const json = read(
      `{"id":"${C}","level":"info","msg":"shim disconnected","namespace":"k8s.io","time":"2025-11-26T10:00:01.230001000Z"}`,
    );
    expect(json.fields).toMatchObject({
      what: 'shim-disconnected',
      namespace: 'k8s.io',
      time: '2025-11-26T10:00:01.230001000Z',
    });
    expect(json.entities).toEqual([{ kind: 'container', id: C }]);
  });

  it('splits a TTY message from its fields only at two blanks before key=', () => {
    const l = parseContainerdLine('INFO[0000] a b=c d  id=1 x=2');
    expect(l?.msg).toBe('a b=c d');
    expect(l?.pairs.map((p) => p.key)).toEqual(['id', 'x']);
    expect(l?.time).toBe('0000');
  });

  it('rejects lines that only look alike', () => {
    expect(parseContainerdLine('time=5s level=info msg=x')).toBeNull();
    expect(parseContainerdLine('time="2025-11-26T10:00:01Z" level=verbose msg=x')).toBeNull();
    expect(parseContainerdLine('INFO: something')).toBeNull();
    expect(parseContainerdLine('{"ts":1,"msg":"kubelet"}')).toBeNull();
  });
});

describe('parseContainerdHead (the columns-only read)', () => {
  /** What the head keeps of a full parse. */
  const headOf = (s: string, from = 0) => {
    const l = parseContainerdLine(s, from);
    return l && { form: l.form, time: l.time, level: l.level, open: l.open };
  };

  it('reads the usual line by its fast path, and stops before the rest', () => {
    const s = `time="2025-11-24T06:08:31.896450640Z" level=info msg=serving... address=/run/containerd/containerd.sock`;
    expect(parseContainerdHead(s)).toEqual({
      form: 'text',
      time: '2025-11-24T06:08:31.896450640Z',
      level: 'info',
      open: false,
    });
    // A quoted value left open after the message: the record goes on.
    expect(parseContainerdHead('time="2018-11-17T18:45:41Z" level=info msg="=== BEGIN goroutine')?.open).toBe(
      true,
    );
  });

  it('gives the full parse its form, time, level and `open` on the variants around the fast path', () => {
    for (const s of [
      'time="2025-11-24T06:08:31Z" level=warning msg="x" error="a \\"b\\" c" id=1',
      'time="2025-11-24T06:08:31Z"\tlevel=info msg=x',
      'time="2025-11-24T06:08:31Z" level="info" msg=x',
      'time="2025-11-24T06:08:31Z" level=informational msg=x',
      'time="2025-11-24T06:08:31Z" level=warn',
      'time="2025-11-24T06:08:31Z" msg="no level" x="open',
      'time="2025-11-24T06:08:31\\"Z" level=info msg=x',
      'time=2025-11-24T06:08:31Z level=error msg=x',
      'time="2025-11-24T06:08:31Z" level=info msg=x level=debug',
      'time="2025-11-24T06:08:31Z" msg=x level=info y="z',
      'time="2025-11-24T06:08:31Z" level=info msg=x probe=<\n\tline\n >',
      'time="2025-11-24T06:08:31Z" level=info msg=x probe=<\n\tline',
      String.raw`time="2025-11-24T06:08:31\" level=info msg=x`,
      String.raw`time="2025-11-24T06:08:31\x41Z" level=info msg=x`,
      'time="2025-11-24T06:08:31Z" level=verbose msg=x',
      'INFO[2019-04-11T10:39:37.413880563-07:00] shim disconnected                             id=8007 x="open',
      'WARN[0000] cannot find',
      '{"level":"info","msg":"shim disconnected","time":"2025-11-26T10:00:01.230001000Z"}',
      '{"msg":"x"}',
    ]) {
      expect(parseContainerdHead(s), s).toEqual(headOf(s));
    }
    expect(parseContainerdHead('containerd[1]: time="2025-11-24T06:08:31Z" level=info msg=x', 15)).toEqual(
      headOf('containerd[1]: time="2025-11-24T06:08:31Z" level=info msg=x', 15),
    );
  });

  it('gives the full parse its head on any line made of logrus pieces', () => {
    const piece = fc.constantFrom(
      'time=',
      'time="2025-11-24T06:08:31Z"',
      'time="2025-11-24T06:08:31',
      '"2025-11-24T06:08:31.5+02:00"',
      ' level=',
      'level=info',
      'info',
      'warn',
      'warning',
      'verbose',
      ' msg=',
      'msg="',
      '"',
      '\\',
      '\\"',
      ' ',
      '  ',
      '\t',
      'x=y',
      'a="b c"',
      '{"k":1}',
      '=<\n\t',
      ' probe=<\n\t',
      '\n >',
      'id=4f2c',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = `time="2025-11-24T06:08:31.807450640Z" ${parts.join('')}`;
        expect(parseContainerdHead(s)).toEqual(headOf(s));
        const t = parts.join('');
        expect(parseContainerdHead(t)).toEqual(headOf(t));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('readContainerd: lifecycle messages (FORMATS.md 6.2)', () => {
  it('TaskExit, 1.7+ rendering: pid, exit status, exit time; a missing exit_status is 0', () => {
    const r = read(
      `time="2025-11-26T10:00:01.201300001Z" level=info msg="TaskExit event container_id:\\"${C}\\" id:\\"${X}\\" pid:41235 exit_status:137 exited_at:{seconds:1764151201  nanos:199004512}"`,
    );
    expect(r.fields).toMatchObject({
      what: 'task-exit',
      container_id: C,
      exec_id: X,
      pid: 41235,
      exit_status: 137,
      exited_at: '2025-11-26T10:00:01.199004Z',
    });
    expect(r.entities).toEqual([
      { kind: 'container', id: C },
      { kind: 'pid', id: '41235' },
    ]);
    const zero = read(
      `time="2025-11-26T10:00:01Z" level=info msg="TaskExit event container_id:\\"${C}\\" id:\\"${C}\\" pid:7"`,
    );
    expect(zero.fields.exit_status).toBe(0);
    expect(zero.fields.exec_id).toBeUndefined();
  });

  it('TaskExit, 1.6 gogo rendering, and a sandbox exit', () => {
    const r = read(
      `TaskExit event &TaskExit{ContainerID:${C},ID:${C},Pid:41235,ExitStatus:137,ExitedAt:2025-11-26 10:00:01.199004512 +0000 UTC,XXX_unrecognized:[],}`,
    );
    expect(r.ok).toBe(true);
    expect(r.fields).toMatchObject({
      what: 'task-exit',
      pid: 41235,
      exit_status: 137,
      exited_at: '2025-11-26 10:00:01.199004512 +0000 UTC',
    });
    const sb = read(
      `received sandbox container exit event container_id:\\"${C}\\" id:\\"${C}\\" pid:9 exit_status:137`.replace(
        /\\"/g,
        '"',
      ),
    );
    expect(sb.entities[0]).toEqual({ kind: 'sandbox', id: C });
  });

  it('a failed StopContainer: result, error kind and the container', () => {
    const r = read(
      `time="2024-06-26T07:44:44.559390176Z" level=error msg="StopContainer for \\"${C}\\" failed" error="rpc error: code = DeadlineExceeded desc = an error occurs during waiting for container \\"${C}\\" to be killed: wait container \\"${C}\\": context deadline exceeded"`,
    );
    expect(r.fields).toMatchObject({
      what: 'stop-container',
      result: 'failed',
      errorKind: 'deadline-exceeded',
    });
    expect(r.entities).toEqual([{ kind: 'container', id: C }]);
  });

  it('the CRI family', () => {
    expect(read(`StopContainer for "${C}" with timeout 30 (s)`).fields).toMatchObject({
      what: 'stop-container',
      timeout_seconds: 30,
    });
    expect(read(`Stop container "${C}" with signal terminated`).fields).toMatchObject({
      what: 'stop-container-signal',
      signal: 'terminated',
    });
    expect(read(`Kill container "${C}"`).fields.what).toBe('kill-container');
    expect(read(`RemoveContainer for "${C}" returns successfully`).fields).toMatchObject({
      what: 'remove-container',
      result: 'success',
    });
    expect(read(`StartContainer for "${C}"`).fields.what).toBe('start-container');
    expect(read(`StopPodSandbox for "${C}"`).entities).toEqual([{ kind: 'sandbox', id: C }]);
  });

  it('CreateContainer and RunPodSandbox metadata, both renderings', () => {
    const c = read(
      `CreateContainer within sandbox "${C}" for &ContainerMetadata{Name:kube-apiserver,Attempt:70,} returns container id "${X}"`,
    );
    expect(c.fields).toMatchObject({
      what: 'create-container',
      containerName: 'kube-apiserver',
      attempt: 70,
      result: 'success',
    });
    expect(c.entities).toEqual([
      { kind: 'sandbox', id: C },
      { kind: 'container', id: X },
    ]);
    const gogo = read(
      'RunPodSandbox for &PodSandboxMetadata{Name:api-0,Uid:6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b,Namespace:default,Attempt:1,}',
    );
    expect(gogo.fields).toMatchObject({ what: 'run-sandbox', pod: 'default/api-0', attempt: 1 });
    expect(gogo.entities.map((e) => e.id)).toEqual(['default/api-0', '6f1d2c3b-4a5e-4f60-8a9b-0c1d2e3f4a5b']);
    const proto = read(
      `RunPodSandbox for name:"api-0" uid:"u1" namespace:"default" returns sandbox id "${C}"`,
    );
    expect(proto.fields.pod).toBe('default/api-0');
    expect(proto.entities).toContainEqual({ kind: 'sandbox', id: C });
  });

  it('reads the shim line nested in cleanup warnings (containerd#8921)', () => {
    const r = read(
      'time="2023-08-05T07:27:14.309118182+02:00" level=warning msg="cleanup warnings time=\\"2023-08-05T07:27:14+02:00\\" level=info msg=\\"starting signal loop\\" namespace=moby pid=1133100 runtime=io.containerd.runc.v2\\n"',
    );
    expect(r.fields).toMatchObject({
      what: 'shim-cleanup-warning',
      shim_msg: 'starting signal loop',
      shim_pid: 1133100,
      namespace: 'moby',
      runtime: 'io.containerd.runc.v2',
    });
    expect(r.entities).toEqual([{ kind: 'pid', id: '1133100' }]);
  });

  it('reads unescaped inner quotes (corpus containerd-4016)', () => {
    const r = read(
      'time="2020-02-12T13:12:54.556777390Z" level=info msg="Container to stop "386f7cb27566e27cab8a4de97f155f448a00137c29b446dbd1c8810ceb48055c" must be in running or unknown state, current state "CONTAINER_EXITED""',
    );
    expect(r.fields).toMatchObject({ what: 'container-state', state: 'CONTAINER_EXITED' });
    expect(r.entities[0].id).toBe('386f7cb27566e27cab8a4de97f155f448a00137c29b446dbd1c8810ceb48055c');
  });

  it('takes bare 64-hex ids only when no known message matched, and not exec ids in errors', () => {
    expect(read(`time="t2023-10-27" level=debug msg="x"`).ok).toBe(false);
    const r = read(`time="2023-10-27T07:37:43.708728029-03:00" level=debug msg="EnableService ${C} START"`);
    expect(r.entities).toEqual([{ kind: 'container', id: C }]);
    const exec = read(
      `time="2024-08-17T20:16:00.504879132+08:00" level=error msg="ExecSync for \\"${C}\\" failed" error="failed to exec in container: failed to start exec \\"${X}\\": OCI runtime exec failed: exec failed: cannot exec in a stopped container: unknown"`,
    );
    expect(exec.fields).toMatchObject({ what: 'exec-sync', result: 'failed', errorKind: 'runc-error' });
    expect(exec.entities).toEqual([{ kind: 'container', id: C }]);
  });

  it('falls back to the error kind as what', () => {
    const r = read(
      'time="2025-11-26T10:00:01Z" level=error msg="copy shim log" error="read /proc/self/fd/40: too many open files"',
    );
    expect(r.fields).toMatchObject({ what: 'too-many-open-files', errorKind: 'too-many-open-files' });
    expect(
      read('time="2025-11-26T10:00:01Z" level=error msg="copy shim log" error="file already closed"').fields
        .what,
    ).toBeUndefined();
  });

  it('reads known inner text alone (free text, containerd/cri#448)', () => {
    const r = read(
      'failed to create containerd task: failed to start shim: open /dev/null: too many open files: unknown',
    );
    expect(r.ok).toBe(true);
    expect(r.fields).toEqual({ what: 'create-task-failed', errorKind: 'too-many-open-files' });
  });

  it("reads runc's own `container does not exist` (corpus containerd-4016)", () => {
    const id = 'adf4b25b405c3024116671aab3854fac90490af88da2f38c44544b66a24173ee';
    const r = read(`container "${id}" does not exist`);
    expect(r.fields.what).toBe('runc-error');
    expect(r.entities).toEqual([{ kind: 'container', id }]);
  });

  it('rejects foreign text without writing anything', () => {
    expectRejected(readContainerd, [
      'Out of memory: Killed process 41235 (java) total-vm:8388608kB',
      'I1126 10:00:02.001122    1307 kuberuntime_container.go:809] "Killing container with a grace period"',
      `EnableService ${C} START`,
      'Started containerd container runtime.',
      '{"ts":1753121332057.047,"msg":"x"}',
      '',
    ]);
  });
});

describe('errorKindOf', () => {
  it('names the usual causes', () => {
    expect(errorKindOf('rpc error: code = DeadlineExceeded desc = x')).toBe('deadline-exceeded');
    expect(errorKindOf('failed to delete task: ttrpc: closed: unknown')).toBe('ttrpc-closed');
    expect(errorKindOf('OCI runtime create failed: runc create failed: x')).toBe('runc-error');
    expect(errorKindOf('mkdir /x: no space left on device')).toBe('no-space-left');
    expect(errorKindOf('all good')).toBeUndefined();
  });
});
