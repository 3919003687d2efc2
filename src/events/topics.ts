/**
 * The typed topic map: every event the hub publishes, with its payload. Events are written to the
 * outbox (table `event`) in the same transaction as the change that caused them, then published.
 */
export interface Topics {
  /** an Exception row was recorded (shortage, late, excess, quality, equipment…) */
  "exception.raised": {
    exceptionId: number;
    type: string;
    severity: string;
    message: string;
    materialId: number | null;
    warehouseId: number | null;
    workOrderId: number | null;
  };
  /** available stock of a material in a warehouse fell below its safety stock */
  "stock.low": { materialId: number; materialCode: string; warehouseId: number; warehouseCode: string; available: string; safetyStock: string };
  /** an MRP run changed state (QUEUED → RUNNING → COMPLETED | FAILED) or, while RUNNING, its phase or percentage */
  "mrp.progress": {
    runId: number;
    status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED";
    /** set while RUNNING only */
    phase: "LOADING" | "PLANNING" | "PERSISTING" | null;
    percent: number;
  };
  /** a device reading left its threshold's range (one open alarm per device and metric) */
  "alarm.raised": {
    alarmId: number;
    deviceCode: string;
    warehouseCode: string;
    metric: string;
    severity: string;
    message: string;
    value: number;
    threshold: number;
  };
  /** a reading is back inside the range: the open alarm is cleared */
  "alarm.cleared": { alarmId: number; deviceCode: string; warehouseCode: string; metric: string; value: number };
  /** a count session changed state (OPEN → COUNTING → REVIEW → APPROVED | CANCELLED; back to COUNTING for recounts) */
  "count.session": {
    countSessionId: number; number: string; warehouseCode: string; status: string;
    /** APPROVED: lines within tolerance / lines, and the ledger entries posted */
    accuracy?: string; entriesPosted?: number;
  };
  /** a pick list was created, confirmed line by line, completed or cancelled */
  "pick.list": { pickListId: number; number: string; warehouseCode: string; status: string; workOrderId: number | null; transferOrderId: number | null };
  /** an API key was revoked: its WebSocket sessions end, on every instance */
  "apiKey.revoked": { apiKeyId: number };
  /** progress of a bulk import: rows validated and applied of the total (known once the file is read) */
  "import.progress": {
    importId: number; kind: string; status: string; validated: number; applied: number; total: number | null;
    /** the warehouses the identity running it is limited to (null: all); absent in events written before */
    doneWithin?: readonly string[] | null;
  };
}

export type Topic = keyof Topics;

export interface HubEvent<T extends Topic = Topic> {
  /** the event's position in publish order (`event.position`): what subscribers see and resume from */
  id: number;
  topic: T;
  payload: Topics[T];
  createdAt: Date;
}
