import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@taskgraph/kit/processes';
import { eventually } from '@taskgraph/kit/testing';
import { connect } from 'nats';
import { accepts } from './ports.js';

const binary = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'].find(existsSync) ?? 'nats-server';

/** A NATS server of the test's own, which the test may stop and start again (same port, same storage). */
export class PrivateNatsServer {
  private process: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
    /** Further arguments: a cluster member's name, cluster port and routes. */
    private readonly extraArgs: string[],
  ) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), await mkdtemp(path.join(os.tmpdir(), 'nats-')), []);
    await server.resume();
    return server;
  }

  /** A member of a cluster, not started yet: it only accepts clients once its routes are up, so members start together. */
  static member(port: number, storeDir: string, args: string[]): PrivateNatsServer {
    return new PrivateNatsServer(port, storeDir, args);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Starts the server again after `pause()`; nothing happens while it runs. */
  async resume(): Promise<void> {
    if (this.running) return;
    this.process = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir, ...this.extraArgs], {
      stdio: 'ignore',
    });
    await eventually(async () => ((await accepts(this.port)) ? true : undefined), 10_000, 'nats-server to accept connections');
  }

  /** Kills the server (SIGKILL), as a crash would: no goodbye to its clients, only what it had written to its store survives. */
  async pause(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    this.process = null;
  }

  async stop(): Promise<void> {
    await this.pause();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

/**
 * A JetStream cluster of the test's own on loopback: `size` servers named `n1`…, each with its
 * client and route ports and its store under one temp directory, every one routed to all the
 * others. Any member may be killed and started again on its storage.
 */
export class NatsCluster {
  private constructor(
    readonly name: string,
    /** By server name, as JetStream reports a stream's leader and replicas. */
    readonly members: ReadonlyMap<string, PrivateNatsServer>,
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nats-cluster-'));
    const name = path.basename(dir);
    const nodes = [];
    for (let i = 1; i <= size; i++) nodes.push({ server: `n${i}`, port: await freePort(), routePort: await freePort() });
    const routes = nodes.map(({ routePort }) => `nats://127.0.0.1:${routePort}`).join(',');
    const members = new Map(
      nodes.map(({ server, port, routePort }) => [
        server,
        PrivateNatsServer.member(port, path.join(dir, server), [
          '--server_name',
          server,
          '--cluster_name',
          name,
          '--cluster',
          `nats://127.0.0.1:${routePort}`,
          '--routes',
          routes,
        ]),
      ]),
    );
    const cluster = new NatsCluster(name, members, dir);
    try {
      await Promise.all([...members.values()].map((member) => member.resume()));
      await cluster.placesStreams(size);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /**
   * Waits until the cluster can place a stream on `replicas` members. Members accept clients as
   * soon as their routes are up, before JetStream has elected its meta leader and every peer has
   * joined; a stream created meanwhile (the stack's, as it starts) fails with a timeout, more
   * often the busier the machine.
   */
  private async placesStreams(replicas: number): Promise<void> {
    const nc = await connect({ servers: this.urls });
    const probe = `${this.name.replace(/\W/g, '_')}_ready`;
    try {
      await eventually(
        async () => {
          try {
            const jsm = await nc.jetstreamManager({ timeout: 2000 });
            await jsm.streams.add({ name: probe, subjects: [`${probe}.>`], num_replicas: replicas });
            await jsm.streams.delete(probe);
            return true;
          } catch {
            return undefined;
          }
        },
        60_000,
        `the cluster's JetStream to place a stream on ${replicas} members`,
      );
    } finally {
      await nc.close();
    }
  }

  /** Every member's URL, as NATS_URL lists them. */
  get urls(): string[] {
    return [...this.members.values()].map((member) => member.url);
  }

  member(serverName: string): PrivateNatsServer {
    const member = this.members.get(serverName);
    if (!member) throw new Error(`no cluster member named ${serverName}`);
    return member;
  }

  /** Starts every member that is not running (after a test killed one, so that the cluster can be cleaned up). */
  async resumeAll(): Promise<void> {
    await Promise.all([...this.members.values()].map((member) => member.resume()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.members.values()].map((member) => member.pause()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
