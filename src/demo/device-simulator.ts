/**
 * Makes the demo plant's devices talk over MQTT (`npm run simulate`): climate sensors wander around their set
 * points, shelf scales weigh the demo stock on their shelves, the RFID gate and readers and the barcode scanner
 * read the demo lots' tags and labels. Now and then a sensor leaves its range for a few readings (an alarm) or
 * someone takes items off a weighed shelf without booking them (a STOCK_MISMATCH), then things settle again.
 */
import { randomBytes } from "node:crypto";
import mqtt from "mqtt";
import { DEVICES, STOCK, UNIT_WEIGHTS, type DemoDevice, type DemoSignal } from "./demo-plant";
import { seededRandom } from "../runtime/seeded-random";

export interface SimulatorOptions {
  url: string;
  topicPrefix: string;
  /** messages per second, over all devices (each device in turn) */
  rate: number;
  /** stop after this many seconds */
  durationSeconds?: number;
  /** stop after this many messages */
  messages?: number;
  /** chance per message that a sensor or shelf starts an excursion (default 0.02) */
  excursionChance?: number;
  /** for a repeatable run */
  seed?: number;
  devices?: readonly DemoDevice[];
  /** ends the run early */
  signal?: AbortSignal;
}

export interface SimulationSummary {
  messages: number;
  readings: number;
  scans: number;
  /** answers of the hub on the scan result topics (those that came by 15 seconds after the last message) */
  scansOk: number;
  scansRefused: number;
  excursions: number;
}

type Message = { topic: "readings" | "scans"; body: unknown; excursion: boolean };

/** Runs the simulation until its duration, message count or signal ends it. */
export async function simulateDevices(o: SimulatorOptions): Promise<SimulationSummary> {
  const random = seededRandom(o.seed ?? Date.now());
  const run = randomBytes(3).toString("hex");
  const devices = (o.devices ?? DEVICES).map((d) => simulated(d, random, o.excursionChance ?? 0.02, run));
  const summary: SimulationSummary = { messages: 0, readings: 0, scans: 0, scansOk: 0, scansRefused: 0, excursions: 0 };
  const pending = new Set<string>();
  const client = await mqtt.connectAsync(o.url, { connectTimeout: 5000, reconnectPeriod: 1000 });
  try {
    client.on("message", (_topic, payload) => {
      const answer = JSON.parse(payload.toString()) as { scanId?: string; ok?: boolean };
      if (!answer.scanId || !pending.delete(answer.scanId)) return;
      if (answer.ok) summary.scansOk++;
      else summary.scansRefused++;
    });
    await client.subscribeAsync(`${o.topicPrefix}/+/devices/+/scans/result`, { qos: 1 });
    const started = Date.now();
    const ends = () =>
      o.signal?.aborted || (o.messages !== undefined && summary.messages >= o.messages) || (o.durationSeconds !== undefined && Date.now() - started >= o.durationSeconds * 1000);
    for (let n = 0; devices.length > 0 && !ends(); n++) {
      const device = devices[n % devices.length];
      const message = device.next();
      await client.publishAsync(`${o.topicPrefix}/${device.warehouseCode}/devices/${device.code}/${message.topic}`, JSON.stringify(message.body), { qos: 1 });
      summary.messages++;
      if (message.excursion) summary.excursions++;
      if (message.topic === "scans") {
        summary.scans++;
        pending.add((message.body as { scanId: string }).scanId);
      } else {
        summary.readings += Array.isArray(message.body) ? message.body.length : 1;
      }
      const due = started + ((n + 1) * 1000) / o.rate - Date.now();
      if (due > 0) await sleep(due, o.signal);
    }
    // the last answers (a busy hub may take seconds to answer a burst)
    for (const until = Date.now() + 15_000; pending.size > 0 && Date.now() < until && !o.signal?.aborted; ) await sleep(50);
    return summary;
  } finally {
    await client.endAsync();
  }
}

interface SimulatedDevice {
  code: string;
  warehouseCode: string;
  next(): Message;
}

function simulated(d: DemoDevice, random: () => number, excursionChance: number, run: string): SimulatedDevice {
  const at = { code: d.code, warehouseCode: d.warehouseCode };
  let battery = 80 + random() * 20;
  const drain = () => (battery = Math.max(0, battery - random() * 0.05));
  const excursionStarts = () => random() < excursionChance;
  const excursionLength = () => 3 + Math.floor(random() * 4);

  if (d.kind === "SENSOR") {
    const signals = (d.signals ?? []).map((s) => ({ ...s, value: s.setPoint, left: 0 }));
    return {
      ...at,
      next() {
        let excursion = false;
        const body = signals.map((s, i) => {
          if (s.left === 0 && excursionStarts()) s.left = excursionLength();
          const out = s.left > 0;
          if (out) s.left--;
          excursion ||= out;
          // after an excursion the walk brings the value back over a few readings
          s.value = out ? outside(s, random) : walk(s, random);
          return { metric: s.metric, value: round(s.value, 2), unit: s.unit, ...(i === signals.length - 1 ? { battery: round(drain(), 1) } : {}) };
        });
        return { topic: "readings", body, excursion };
      },
    };
  }

  if (d.kind === "WEIGHT_SENSOR") {
    const unitWeight = Number(UNIT_WEIGHTS[d.materialCode!]);
    const onShelf = STOCK.filter(([m, w, l]) => m === d.materialCode && w === d.warehouseCode && l === d.locationCode).reduce((sum, [, , , q]) => sum + Number(q), 0);
    let taken = 0;
    let left = 0;
    return {
      ...at,
      next() {
        if (left === 0 && excursionStarts()) {
          left = excursionLength();
          // more than the default tolerance (0.5 + 2 % of the booked quantity) allows
          taken = Math.ceil(onShelf * 0.15) + 3;
        }
        const out = left > 0;
        if (out) left--;
        const quantity = out ? onShelf - taken : onShelf;
        const value = Math.max(0, quantity * unitWeight + gaussian(random) * unitWeight * 0.1);
        return { topic: "readings", body: { metric: "weight", value: round(value, 3), unit: "kg", battery: round(drain(), 1) }, excursion: out };
      },
    };
  }

  // readers: each scan in turn, a pair (there, back) alternating so that the stock ends where it was
  const steps = (d.scans ?? []).flatMap((s) => (s.back ? [s.there, s.back] : [s.there]));
  let n = 0;
  return {
    ...at,
    next() {
      const step = steps[n % steps.length];
      n++;
      return { topic: "scans", body: { scanId: `${run}-${d.code}-${n}`, ...step }, excursion: false };
    },
  };
}

/** A step of a random walk that is pulled back towards the set point. */
function walk(s: DemoSignal & { value: number }, random: () => number): number {
  return s.value + (s.setPoint - s.value) * 0.2 + gaussian(random) * s.noise;
}

/** A value beyond the signal's range: above its high bound, or below its low one if it has no high. */
function outside(s: DemoSignal, random: () => number): number {
  const margin = 1 + random();
  if (s.high !== undefined) return s.high + (s.high - s.setPoint) * 0.2 * margin;
  if (s.low !== undefined) return s.low - (s.setPoint - s.low) * 0.2 * margin;
  return s.setPoint + s.noise * 10 * margin;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** A standard normal number (Box-Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
