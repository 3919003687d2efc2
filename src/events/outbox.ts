import type { Prisma } from "../generated/prisma/client";
import type { Topic, Topics } from "./topics";

/** Appends an event to the outbox inside the caller's transaction: it is published only if that commits. */
export async function writeEvent<T extends Topic>(tx: Prisma.TransactionClient, topic: T, payload: Topics[T]): Promise<void> {
  await tx.event.create({ data: { topic, payload: payload as unknown as Prisma.InputJsonValue } });
}
