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
  /** something was done about an exception: acknowledged, assigned, resolved, its cause set, an action recorded */
  "exception.updated": {
    exceptionId: number;
    actionId: number;
    /** ACKNOWLEDGED, ASSIGNED, RESOLVED, CAUSE_SET, OPERATIONS_BLOCKED, EQUIPMENT_REPAIRED, … */
    action: string;
    actor: string;
    result: string;
    type: string;
    /** the exception's status when the action was recorded */
    status: string;
    warehouseId: number | null;
  };
  /**
   * available stock of a material in a warehouse fell below its reorder point: the one computed for the
   * warehouse, else the material's safety stock; `reorderPoint` is absent in events written before policies
   */
  "stock.low": { materialId: number; materialCode: string; warehouseId: number; warehouseCode: string; available: string; safetyStock: string; reorderPoint?: string };
  /** an MRP run changed state (QUEUED → RUNNING → COMPLETED | FAILED) or, while RUNNING, its phase or percentage */
  "mrp.progress": {
    runId: number;
    status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED";
    /** set while RUNNING only */
    phase: "LOADING" | "PLANNING" | "PERSISTING" | null;
    percent: number;
  };
  /** a forecast run changed state (QUEUED → RUNNING → COMPLETED | FAILED) or, while RUNNING, its percentage */
  "forecast.progress": {
    runId: number;
    warehouseCode: string;
    status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED";
    percent: number;
  };
  /** a device reading left its threshold's range (one open alarm per device and metric), or a device fell silent */
  "alarm.raised": {
    alarmId: number;
    /** absent in events written before alarms had kinds: THRESHOLD */
    kind?: "THRESHOLD" | "DEVICE_SILENT";
    deviceCode: string;
    warehouseCode: string;
    metric: string;
    severity: string;
    message: string;
    value: number;
    threshold: number;
  };
  /**
   * readings the hub had not stored yet: one event per device and second (the announcer gathers the messages of a
   * second, src/domain/devices/readings-announcer.ts), each message's readings in the order stored; times as ISO text
   */
  "device.readings": {
    deviceCode: string;
    warehouseCode: string;
    readings: { metric: string; value: number; unit: string | null; recordedAt: string }[];
  };
  /** a reading is back inside the range (or a silent device spoke again): the open alarm is cleared */
  "alarm.cleared": { alarmId: number; deviceCode: string; warehouseCode: string; metric: string; value: number };
  /**
   * a shelf weight sensor's weight disagrees with the stock booked at its location (once per disagreement, with
   * the STOCK_MISMATCH exception it raised); quantities in the material's base unit, as exact text
   */
  "stock.mismatch": {
    exceptionId: number;
    deviceCode: string;
    warehouseCode: string;
    locationCode: string;
    materialCode: string;
    /** kilograms on the shelf */
    weight: number;
    unitWeight: string;
    measuredQuantity: string;
    bookedQuantity: string;
    /** the difference allowed (tolerance) */
    allowed: string;
  };
  /** a lot's QC status changed (held in quarantine, released, rejected), with the reason given */
  "lot.qcChanged": {
    lotId: number;
    lotCode: string;
    materialId: number;
    materialCode: string;
    from: string;
    to: string;
    reason: string;
    actor: string;
    /** the warehouse of the work order that made the lot; null for a lot bought in (of no warehouse) */
    warehouseCode: string | null;
  };
  /** a count session changed state (OPEN → COUNTING → REVIEW → APPROVED | CANCELLED; back to COUNTING for recounts) */
  "count.session": {
    countSessionId: number; number: string; warehouseCode: string; status: string;
    /** APPROVED: lines within tolerance / lines, and the ledger entries posted */
    accuracy?: string; entriesPosted?: number;
  };
  /** a pick list was created, confirmed line by line, completed or cancelled */
  "pick.list": { pickListId: number; number: string; warehouseCode: string; status: string; workOrderId: number | null; transferOrderId: number | null };
  /**
   * stock moved: one event per command, warehouse, material and movement type (a backflush of 40 components is
   * 40 events, not one per ledger row); quantities in the material's base unit, as exact text
   */
  "stock.changed": {
    warehouseId: number;
    warehouseCode: string;
    materialId: number;
    materialCode: string;
    uom: string;
    /** RECEIPT, ISSUE, MOVE_OUT, MOVE_IN, TRANSFER_SHIP, TRANSFER_RECEIVE, ADJUSTMENT, SCRAP, BACKFLUSH, PRODUCTION_RECEIPT, COUNT */
    movementType: string;
    /** the net change of on hand (signed) */
    quantity: string;
    reasonCode: string | null;
    workOrderId: number | null;
    workOrderNumber: string | null;
    purchaseOrderId: number | null;
    purchaseOrderNumber: string | null;
    transferOrderId: number | null;
    countSessionId: number | null;
    countSessionNumber: string | null;
    postedAt: string;
    postedBy: string;
    /** the ledger entries, each at one location and lot */
    entries: { entryId: string; locationCode: string; lotCode: string | null; quantity: string }[];
  };
  /** a work order was created, changed status, or booked what an operation made (quantities as exact text) */
  "workOrder.changed": {
    workOrderId: number;
    number: string;
    warehouseId: number;
    warehouseCode: string;
    materialCode: string;
    uom: string;
    /** null when the order was created */
    from: string | null;
    to: string;
    quantity: string;
    completedQuantity: string;
    scrappedQuantity: string;
  };
  /** an exception has been open `minutes` (a rule's aging threshold): found by the rules' periodic check, once per exception and threshold */
  "exception.aging": {
    exceptionId: number;
    type: string;
    severity: string;
    status: string;
    materialId: number | null;
    warehouseId: number | null;
    openedAt: string;
    minutes: number;
  };
  /** a rule's NOTIFY action: a message for people (webhooks deliver it; the material's buyer's webhooks too, e.g. by e-mail) */
  "rule.notified": { ruleId: number; ruleName: string; eventId: number; topic: string; message: string; warehouseCode: string | null; materialCode: string | null };
  /** a purchase requisition for the ERP's purchasing: written by a rule (low stock) or a planner by hand */
  "purchase.requisitioned": {
    /** "rule-<ruleId>-event-<eventPosition>" from a rule, "manual-<uuid>" by hand: the ERP's idempotency key */
    requisitionId: string;
    materialCode: string;
    warehouseCode: string;
    quantity: string;
    /** ISO date */
    neededBy: string;
    reason: string;
    ruleId: number | null;
    sourceEventId: number | null;
  };
  /**
   * what MRP plans from changed for some materials of a warehouse besides their stock (which `stock.changed`
   * tells): DEMAND (an MPS line, sales order or forecast line added or removed), SUPPLY (a purchase order
   * placed, changed or cancelled). Net-change planning re-plans those materials.
   */
  "planning.inputChanged": { warehouseId: number; warehouseCode: string; materialIds: number[]; cause: "DEMAND" | "SUPPLY" };
  /**
   * master data MRP plans with changed for some materials: MATERIAL (type, unit, lead time, lot sizing, safety
   * stock; a material created; one archived, with its BOM's components), SUPPLIER (a preferred supplier's lead time or order rules), POLICY (a safety stock computed for one
   * warehouse), BOM (a BOM replaced: its parent and its components before and after). A warehouse's own (POLICY)
   * names it; the others are of every warehouse (null). Net-change planning re-plans those materials.
   */
  "planning.masterChanged": { materialIds: number[]; cause: "MATERIAL" | "SUPPLIER" | "POLICY" | "BOM"; warehouseId: number | null; warehouseCode: string | null };
  /**
   * the KPI snapshots of a warehouse changed for days [from, to] (ISO dates): a refresh (the job, `refreshKpis`,
   * or the live refresh after stock and work-order events) found other figures than it replaced
   */
  "kpi.refreshed": { warehouseId: number; warehouseCode: string; from: string; to: string };
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
  /** set on events a rule's action wrote (src/events/outbox.ts: withEventCause) */
  cause?: EventCause | null;
}

/** Why an event was written: a rule (ruleId) acting on an event (sourceEventId), `depth` rules deep. */
export interface EventCause {
  ruleId: number;
  sourceEventId: number;
  depth: number;
}
