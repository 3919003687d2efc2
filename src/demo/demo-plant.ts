/**
 * The demo plant: a small appliance maker with two finished products (a toaster and a kettle), each with
 * a four-level BOM that shares a control board, two warehouses with locations (a quarantine in each), four
 * suppliers with terms and prices, substitutes, work centers and routings, standard costs, lots and some
 * stock. Plain data; `seedDemoPlant` writes it through the areas' services.
 */
type Uom = "EA" | "KG" | "M" | "L" | "G";
type DemoMaterial = [code: string, name: string, uom: Uom, type: "MAKE" | "BUY", leadTimeDays: number, abc: "A" | "B" | "C", extra?: { lotTracked?: boolean; safetyStock?: string; lotSizing?: "FIXED" | "MIN_MULTIPLE_MAX"; lotSizeFixed?: string; lotSizeMin?: string; lotSizeMultiple?: string }];

export const UNITS: { code: Uom; name: string; precision: number }[] = [
  { code: "EA", name: "each", precision: 0 },
  { code: "KG", name: "kilogram", precision: 3 },
  { code: "M", name: "metre", precision: 3 },
  { code: "L", name: "litre", precision: 3 },
  { code: "G", name: "gram", precision: 1 },
];

export const MATERIALS: DemoMaterial[] = [
  // finished goods (level 0)
  ["TOASTER-2S", "Two-slice toaster", "EA", "MAKE", 2, "A", { safetyStock: "20" }],
  ["KETTLE-17", "Kettle 1.7 L", "EA", "MAKE", 2, "A", { safetyStock: "15" }],
  // shared and product sub-assemblies
  ["PCBA-CTRL", "Control board assembly", "EA", "MAKE", 3, "A", { lotTracked: true }],
  ["ASSY-HOUSING-T", "Toaster housing assembly", "EA", "MAKE", 1, "B"],
  ["ASSY-HEATER-T", "Toaster heating assembly", "EA", "MAKE", 1, "B"],
  ["KIT-PACK-T", "Toaster packaging kit", "EA", "MAKE", 1, "C"],
  ["ASSY-BODY-K", "Kettle body assembly", "EA", "MAKE", 1, "B"],
  ["ASSY-BASE-K", "Kettle power base assembly", "EA", "MAKE", 1, "B"],
  ["KIT-PACK-K", "Kettle packaging kit", "EA", "MAKE", 1, "C"],
  ["SHELL-T", "Toaster painted steel shell", "EA", "MAKE", 2, "B"],
  ["ELEMENT-T", "Toaster heating element", "EA", "MAKE", 2, "B"],
  ["VESSEL-K", "Kettle stainless vessel", "EA", "MAKE", 2, "B"],
  ["HEATPLATE-K", "Kettle heating plate", "EA", "MAKE", 2, "B"],
  ["CORDSET-EU", "Power cord set EU", "EA", "MAKE", 1, "C"],
  ["PCB-BLANK", "Bare control PCB", "EA", "MAKE", 5, "B"],
  // purchased parts
  ["STEEL-SHEET-06", "Steel sheet 0.6 mm", "KG", "BUY", 10, "A", { lotTracked: true, safetyStock: "200", lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "500", lotSizeMultiple: "100" }],
  ["STAINLESS-08", "Stainless sheet 0.8 mm", "KG", "BUY", 14, "A", { lotTracked: true, safetyStock: "150", lotSizing: "MIN_MULTIPLE_MAX", lotSizeMin: "300", lotSizeMultiple: "50" }],
  ["PAINT-BLACK", "Powder paint, black", "KG", "BUY", 7, "C", { lotTracked: true }],
  ["NICHROME-WIRE", "Nichrome wire 0.4 mm", "M", "BUY", 12, "B", { lotTracked: true }],
  ["MICA-SHEET", "Mica insulation sheet", "EA", "BUY", 10, "C"],
  ["CRUMB-TRAY", "Crumb tray", "EA", "BUY", 8, "C"],
  ["LEVER-CARRIAGE", "Carriage lever", "EA", "BUY", 8, "C"],
  ["KNOB-BROWN", "Browning control knob", "EA", "BUY", 8, "C"],
  ["SPRING-CARR", "Carriage spring", "EA", "BUY", 6, "C"],
  ["ELECTROMAGNET", "Carriage holding magnet", "EA", "BUY", 15, "B"],
  ["LID-K", "Kettle lid", "EA", "BUY", 9, "C"],
  ["HANDLE-K", "Kettle handle", "EA", "BUY", 9, "C"],
  ["GAUGE-WATER", "Water level window", "EA", "BUY", 9, "C"],
  ["FILTER-SCALE", "Limescale filter", "EA", "BUY", 9, "C"],
  ["BASE-MOULD", "Moulded power base", "EA", "BUY", 9, "C"],
  ["CONNECTOR-360", "360° power connector", "EA", "BUY", 20, "B"],
  ["THERMOSTAT-BI", "Bimetal thermostat", "EA", "BUY", 20, "A"],
  ["SWITCH-ROCKER", "Rocker switch", "EA", "BUY", 10, "C"],
  ["LED-BLUE", "LED blue 3 mm", "EA", "BUY", 10, "C", { lotSizing: "FIXED", lotSizeFixed: "5000" }],
  ["MCU-8BIT", "8-bit microcontroller", "EA", "BUY", 35, "A", { safetyStock: "100", lotSizing: "FIXED", lotSizeFixed: "1000" }],
  ["MCU-8BIT-B", "8-bit microcontroller, second source (pin-compatible)", "EA", "BUY", 21, "A"],
  ["RELAY-10A", "Relay 10 A", "EA", "BUY", 25, "A", { safetyStock: "50" }],
  ["RELAY-16A", "Relay 16 A (fits the 10 A footprint)", "EA", "BUY", 18, "B"],
  ["RES-10K", "Resistor 10 kΩ 0603", "EA", "BUY", 7, "C", { lotSizing: "FIXED", lotSizeFixed: "10000" }],
  ["CAP-100UF", "Capacitor 100 µF", "EA", "BUY", 7, "C", { lotSizing: "FIXED", lotSizeFixed: "5000" }],
  ["NTC-THERM", "NTC thermistor", "EA", "BUY", 14, "B"],
  ["TERMINAL-4P", "Terminal block 4-pole", "EA", "BUY", 10, "C"],
  ["SOLDER-PASTE", "Solder paste SAC305", "G", "BUY", 7, "B", { lotTracked: true }],
  ["FR4-PANEL", "FR4 panel 1.6 mm", "EA", "BUY", 21, "B"],
  ["COPPER-FOIL", "Copper foil 35 µm", "G", "BUY", 21, "C"],
  ["CABLE-3X075", "Cable 3×0.75 mm²", "M", "BUY", 10, "B", { lotTracked: true }],
  ["PLUG-SCHUKO", "Schuko plug", "EA", "BUY", 12, "C"],
  ["STRAIN-RELIEF", "Cord strain relief", "EA", "BUY", 8, "C"],
  ["SCREW-M3X8", "Screw M3×8", "EA", "BUY", 5, "C", { lotSizing: "FIXED", lotSizeFixed: "20000" }],
  ["SCREW-M4X10", "Screw M4×10", "EA", "BUY", 5, "C", { lotSizing: "FIXED", lotSizeFixed: "10000" }],
  ["RIVET-4", "Blind rivet 4 mm", "EA", "BUY", 5, "C"],
  ["GASKET-SIL", "Silicone gasket", "EA", "BUY", 12, "C"],
  ["LABEL-RATING", "Rating label", "EA", "BUY", 4, "C"],
  ["MANUAL-T", "Toaster user manual", "EA", "BUY", 6, "C"],
  ["MANUAL-K", "Kettle user manual", "EA", "BUY", 6, "C"],
  ["CARTON-T", "Toaster carton", "EA", "BUY", 6, "C"],
  ["CARTON-K", "Kettle carton", "EA", "BUY", 6, "C"],
  ["INSERT-PULP", "Moulded pulp insert", "EA", "BUY", 6, "C"],
  ["BAG-PE", "PE bag", "EA", "BUY", 4, "C"],
  ["TAPE-CARTON", "Carton tape", "M", "BUY", 4, "C"],
  ["FEET-RUBBER", "Rubber feet", "EA", "BUY", 6, "C"],
  ["GLUE-EPOXY", "Epoxy adhesive", "G", "BUY", 10, "C", { lotTracked: true }],
];

/** parent → [component, quantity per parent, scrap %, operation] */
export const BOMS: Record<string, [string, string, string?, number?][]> = {
  "TOASTER-2S": [["ASSY-HOUSING-T", "1"], ["ASSY-HEATER-T", "1"], ["PCBA-CTRL", "1"], ["CORDSET-EU", "1"], ["FEET-RUBBER", "4"], ["LABEL-RATING", "1"], ["SCREW-M3X8", "6", "2"], ["KIT-PACK-T", "1", "0", 20]],
  "KETTLE-17": [["ASSY-BODY-K", "1"], ["ASSY-BASE-K", "1"], ["PCBA-CTRL", "1"], ["LABEL-RATING", "1"], ["KIT-PACK-K", "1", "0", 20]],
  "ASSY-HOUSING-T": [["SHELL-T", "1"], ["CRUMB-TRAY", "1"], ["LEVER-CARRIAGE", "1"], ["KNOB-BROWN", "1"], ["SPRING-CARR", "2"], ["ELECTROMAGNET", "1"], ["SCREW-M3X8", "8", "2"]],
  "ASSY-HEATER-T": [["ELEMENT-T", "4"], ["THERMOSTAT-BI", "1"], ["RIVET-4", "6", "3"]],
  "KIT-PACK-T": [["CARTON-T", "1"], ["INSERT-PULP", "2"], ["BAG-PE", "1"], ["MANUAL-T", "1"], ["TAPE-CARTON", "0.8", "5"]],
  "ASSY-BODY-K": [["VESSEL-K", "1"], ["HEATPLATE-K", "1"], ["LID-K", "1"], ["HANDLE-K", "1"], ["GAUGE-WATER", "1"], ["FILTER-SCALE", "1"], ["GASKET-SIL", "2", "4"], ["THERMOSTAT-BI", "1"], ["SWITCH-ROCKER", "1"], ["LED-BLUE", "1"], ["SCREW-M4X10", "4", "2"]],
  "ASSY-BASE-K": [["BASE-MOULD", "1"], ["CONNECTOR-360", "1"], ["CORDSET-EU", "1"], ["FEET-RUBBER", "3"], ["SCREW-M3X8", "3", "2"]],
  "KIT-PACK-K": [["CARTON-K", "1"], ["INSERT-PULP", "2"], ["BAG-PE", "1"], ["MANUAL-K", "1"], ["TAPE-CARTON", "0.8", "5"]],
  "SHELL-T": [["STEEL-SHEET-06", "0.85", "6"], ["PAINT-BLACK", "0.04", "10"], ["SCREW-M3X8", "4", "2"]],
  "ELEMENT-T": [["NICHROME-WIRE", "2.4", "3"], ["MICA-SHEET", "2", "2"]],
  "VESSEL-K": [["STAINLESS-08", "0.62", "5"], ["GLUE-EPOXY", "3", "5"]],
  "HEATPLATE-K": [["STAINLESS-08", "0.18", "5"], ["NTC-THERM", "1"]],
  "CORDSET-EU": [["CABLE-3X075", "1.2", "2"], ["PLUG-SCHUKO", "1"], ["STRAIN-RELIEF", "1"]],
  "PCBA-CTRL": [["PCB-BLANK", "1", "1"], ["MCU-8BIT", "1"], ["RELAY-10A", "1"], ["RES-10K", "12", "1"], ["CAP-100UF", "2", "1"], ["NTC-THERM", "1"], ["TERMINAL-4P", "1"], ["SOLDER-PASTE", "1.5", "8"]],
  "PCB-BLANK": [["FR4-PANEL", "0.25", "4"], ["COPPER-FOIL", "6", "10"]],
};

export const WAREHOUSES = [
  { code: "PLANT-1", name: "Main plant", kind: "PLANT" as const, locations: [["RECV", "Goods receiving", "RECEIVING"], ["A-01", "Rack A01", "STORAGE"], ["A-02", "Rack A02", "STORAGE"], ["A-03", "Rack A03", "STORAGE"], ["LINE-1", "Assembly line 1", "PRODUCTION"], ["LINE-2", "SMT line", "PRODUCTION"], ["QUAR", "Quarantine cage", "QUARANTINE"], ["SHIP", "Dispatch", "SHIPPING"]] },
  { code: "DC-1", name: "Distribution centre", kind: "STORE" as const, locations: [["RECV", "Receiving dock", "RECEIVING"], ["B-01", "Aisle B01", "STORAGE"], ["B-02", "Aisle B02", "STORAGE"], ["QUAR", "Returns and quarantine bay", "QUARANTINE"], ["SHIP", "Outbound dock", "SHIPPING"]] },
];

/** [material, warehouse, location, quantity, lot code?, days to expiry?] */
export const STOCK: [string, string, string, string, string?, number?][] = [
  ["STEEL-SHEET-06", "PLANT-1", "A-01", "640", "SS-2611-01", 720],
  ["STEEL-SHEET-06", "PLANT-1", "A-01", "310", "SS-2611-02", 740],
  ["STAINLESS-08", "PLANT-1", "A-01", "420", "SX-2610-07", 900],
  ["PAINT-BLACK", "PLANT-1", "A-02", "38.5", "PB-2609-3", 120],
  ["NICHROME-WIRE", "PLANT-1", "A-02", "1800", "NW-2611-1", 1000],
  ["SOLDER-PASTE", "PLANT-1", "A-03", "2500", "SP-2611-A", 45],
  ["SOLDER-PASTE", "PLANT-1", "A-03", "1200", "SP-2610-C", 12],
  ["CABLE-3X075", "PLANT-1", "A-02", "950", "CB-2611-4", 2000],
  ["GLUE-EPOXY", "PLANT-1", "A-03", "4000", "GE-2611-2", 180],
  ["PCBA-CTRL", "PLANT-1", "LINE-1", "40", "PC-2611-001"],
  ["MCU-8BIT", "PLANT-1", "A-03", "1350"],
  ["MCU-8BIT-B", "PLANT-1", "A-03", "150"],
  ["RELAY-10A", "PLANT-1", "A-03", "420"],
  ["RES-10K", "PLANT-1", "A-03", "24000"],
  ["CAP-100UF", "PLANT-1", "A-03", "5200"],
  ["NTC-THERM", "PLANT-1", "A-03", "380"],
  ["TERMINAL-4P", "PLANT-1", "A-03", "300"],
  ["FR4-PANEL", "PLANT-1", "A-02", "90"],
  ["COPPER-FOIL", "PLANT-1", "A-02", "3000"],
  ["THERMOSTAT-BI", "PLANT-1", "A-03", "260"],
  ["THERMOSTAT-BI", "PLANT-1", "QUAR", "40"], // a batch held for a calibration check
  ["MICA-SHEET", "PLANT-1", "A-02", "500"],
  ["CRUMB-TRAY", "PLANT-1", "A-02", "180"],
  ["LEVER-CARRIAGE", "PLANT-1", "A-02", "150"],
  ["KNOB-BROWN", "PLANT-1", "A-02", "160"],
  ["SPRING-CARR", "PLANT-1", "A-02", "400"],
  ["ELECTROMAGNET", "PLANT-1", "A-02", "90"],
  ["LID-K", "PLANT-1", "A-02", "120"],
  ["HANDLE-K", "PLANT-1", "A-02", "130"],
  ["SCREW-M3X8", "PLANT-1", "A-03", "18000"],
  ["SCREW-M4X10", "PLANT-1", "A-03", "6000"],
  ["FEET-RUBBER", "PLANT-1", "A-02", "1400"],
  ["LABEL-RATING", "PLANT-1", "A-02", "2000"],
  ["CARTON-T", "PLANT-1", "A-01", "300"],
  ["CARTON-K", "PLANT-1", "A-01", "250"],
  ["TOASTER-2S", "DC-1", "B-01", "85"],
  ["KETTLE-17", "DC-1", "B-02", "60"],
  ["KETTLE-17", "DC-1", "QUAR", "3"], // customer returns awaiting inspection
  ["MCU-8BIT", "DC-1", "B-01", "200"],
];

export const SUPPLIERS = [
  { code: "NORDMET", name: "Nordic Metals AB", contact: "Order desk", email: "orders@nordicmetals.example", phone: "+46 31 555 0100", leadTimeDays: 10 },
  { code: "ELEKTRON", name: "Elektron Components GmbH", contact: "Key account team", email: "sales@elektron.example", phone: "+49 89 555 0200", leadTimeDays: 21 },
  { code: "DIGIPART", name: "DigiPart Distribution B.V.", contact: "Customer service", email: "service@digipart.example", phone: "+31 20 555 0300", leadTimeDays: 7 },
  { code: "POLYPACK", name: "Polypack Mouldings & Packaging Ltd", contact: "Sales office", email: "sales@polypack.example", phone: "+44 121 555 0400", leadTimeDays: 8 },
];

export const CURRENCY = "EUR";
/** prices and standard costs hold from this day */
export const PRICES_FROM = "2026-01-01";

type Terms = { supplierMaterialCode?: string; minOrderQuantity?: string; orderMultiple?: string };
/**
 * Every bought material's preferred supplier and its price (EUR per base unit), which is also the material's
 * standard cost. The supplier quotes the material's own lead time, and minimums and multiples that fit its
 * lot sizing, so MRP plans the same with or without the supplier.
 */
export const PURCHASED: Record<string, [supplier: string, price: string, terms?: Terms]> = {
  "STEEL-SHEET-06": ["NORDMET", "1.45", { supplierMaterialCode: "DC01-0.6", minOrderQuantity: "500", orderMultiple: "100" }],
  "STAINLESS-08": ["NORDMET", "4.2", { supplierMaterialCode: "1.4301-0.8", minOrderQuantity: "300", orderMultiple: "50" }],
  "PAINT-BLACK": ["NORDMET", "9.8"],
  "NICHROME-WIRE": ["NORDMET", "0.38", { supplierMaterialCode: "NiCr80-0.4" }],
  "MICA-SHEET": ["NORDMET", "0.22"],
  "SPRING-CARR": ["NORDMET", "0.06"],
  "ELECTROMAGNET": ["NORDMET", "1.35"],
  "SCREW-M3X8": ["NORDMET", "0.012", { supplierMaterialCode: "DIN7985-M3x8", orderMultiple: "5000" }],
  "SCREW-M4X10": ["NORDMET", "0.018", { supplierMaterialCode: "DIN7985-M4x10", orderMultiple: "5000" }],
  "RIVET-4": ["NORDMET", "0.015"],
  "GLUE-EPOXY": ["NORDMET", "0.021"],
  "MCU-8BIT": ["ELEKTRON", "0.92", { supplierMaterialCode: "EK-MCU8-QFN32", orderMultiple: "490" }],
  "RELAY-10A": ["ELEKTRON", "0.74"],
  "RES-10K": ["ELEKTRON", "0.0035", { minOrderQuantity: "5000", orderMultiple: "5000" }],
  "CAP-100UF": ["ELEKTRON", "0.045", { orderMultiple: "2500" }],
  "NTC-THERM": ["ELEKTRON", "0.19"],
  "TERMINAL-4P": ["ELEKTRON", "0.31"],
  "LED-BLUE": ["ELEKTRON", "0.025", { orderMultiple: "1000" }],
  "SWITCH-ROCKER": ["ELEKTRON", "0.42"],
  "THERMOSTAT-BI": ["ELEKTRON", "1.1"],
  "CONNECTOR-360": ["ELEKTRON", "1.85"],
  "FR4-PANEL": ["ELEKTRON", "6.4"],
  "COPPER-FOIL": ["ELEKTRON", "0.012"],
  "SOLDER-PASTE": ["ELEKTRON", "0.095"],
  "MCU-8BIT-B": ["DIGIPART", "0.98"],
  "RELAY-16A": ["DIGIPART", "0.88"],
  "CABLE-3X075": ["DIGIPART", "0.52"],
  "PLUG-SCHUKO": ["DIGIPART", "0.48"],
  "STRAIN-RELIEF": ["DIGIPART", "0.07"],
  "CRUMB-TRAY": ["POLYPACK", "0.65"],
  "LEVER-CARRIAGE": ["POLYPACK", "0.28"],
  "KNOB-BROWN": ["POLYPACK", "0.16"],
  "LID-K": ["POLYPACK", "0.85"],
  "HANDLE-K": ["POLYPACK", "0.95"],
  "GAUGE-WATER": ["POLYPACK", "0.34"],
  "FILTER-SCALE": ["POLYPACK", "0.22"],
  "BASE-MOULD": ["POLYPACK", "1.15"],
  "FEET-RUBBER": ["POLYPACK", "0.03"],
  "GASKET-SIL": ["POLYPACK", "0.09"],
  "LABEL-RATING": ["POLYPACK", "0.02"],
  "MANUAL-T": ["POLYPACK", "0.11"],
  "MANUAL-K": ["POLYPACK", "0.11"],
  "CARTON-T": ["POLYPACK", "0.58"],
  "CARTON-K": ["POLYPACK", "0.62"],
  "INSERT-PULP": ["POLYPACK", "0.14"],
  "BAG-PE": ["POLYPACK", "0.03"],
  "TAPE-CARTON": ["POLYPACK", "0.02"],
};

/** other suppliers of a bought material, not preferred: [material, supplier, price, lead time in days] */
export const SECOND_SOURCES: [string, string, string, number][] = [
  ["MCU-8BIT", "DIGIPART", "1.05", 10],
  ["RELAY-10A", "DIGIPART", "0.81", 7],
  ["STRAIN-RELIEF", "POLYPACK", "0.08", 8],
];

/** material → a substitute (ratio 1), tried in priority order; `productCode`: only in that product's BOM */
export const SUBSTITUTES = [
  { materialCode: "MCU-8BIT", substituteCode: "MCU-8BIT-B", priority: 1, productCode: "PCBA-CTRL" },
  { materialCode: "RELAY-10A", substituteCode: "RELAY-16A", priority: 1 },
];

export const WORK_CENTERS = [
  { code: "SMT-1", name: "SMT line", hoursPerDay: "16" },
  { code: "TEST-1", name: "Board test bench", hoursPerDay: "8" },
  { code: "ASSY-1", name: "Assembly line 1", hoursPerDay: "16" },
  { code: "EOL-1", name: "End-of-line test and packing", hoursPerDay: "8" },
];

/** product → [sequence, name, work center, setup minutes, run minutes per unit]; packing kits are linked to 20 */
export const ROUTINGS: Record<string, [number, string, string, string, string][]> = {
  "PCBA-CTRL": [[10, "SMT placement and reflow", "SMT-1", "45", "0.8"], [20, "In-circuit and function test", "TEST-1", "15", "1.2"]],
  "TOASTER-2S": [[10, "Final assembly", "ASSY-1", "30", "6.5"], [20, "Safety test and packing", "EOL-1", "10", "1.8"]],
  "KETTLE-17": [[10, "Final assembly", "ASSY-1", "30", "5.5"], [20, "Safety test and packing", "EOL-1", "10", "1.6"]],
};

/** standard costs (EUR) of the made materials: their components at standard plus conversion (€45 an hour) */
export const MADE_COSTS: Record<string, string> = {
  "TOASTER-2S": "32.3", "KETTLE-17": "29.33", "PCBA-CTRL": "6.76", "ASSY-HOUSING-T": "5.64", "ASSY-HEATER-T": "9.75", "KIT-PACK-T": "1.62",
  "ASSY-BODY-K": "9.75", "ASSY-BASE-K": "5.51", "KIT-PACK-K": "1.66", "SHELL-T": "2.39", "ELEMENT-T": "1.99", "VESSEL-K": "3.4",
  "HEATPLATE-K": "1.58", "CORDSET-EU": "1.79", "PCB-BLANK": "2.34",
};

/** kilograms per base unit of the materials on weighed shelves (set through the materials service when not known yet) */
export const UNIT_WEIGHTS: Record<string, string> = { "RELAY-10A": "0.012", "TERMINAL-4P": "0.009", "KNOB-BROWN": "0.018", "TOASTER-2S": "2.1" };

/** What a demo sensor measures, and where the simulator keeps it (a random walk around `setPoint`). */
export interface DemoSignal { metric: string; unit: string; setPoint: number; noise: number; low?: number; high?: number; severity?: "WARNING" | "CRITICAL" }

/** What a demo reader reads, alternating between `there` and `back` (so that the simulator's scans keep stock as it was). */
export interface DemoScan { there: Record<string, string>; back?: Record<string, string> }

export interface DemoDevice {
  code: string;
  name: string;
  kind: "SENSOR" | "WEIGHT_SENSOR" | "RFID_READER" | "BARCODE_SCANNER";
  warehouseCode: string;
  locationCode: string;
  expectedIntervalSeconds?: number;
  /** a weight sensor's material: its shelf holds the demo stock of it at the location */
  materialCode?: string;
  /** a weight sensor: a STOCK_MISMATCH opens a count session of its location */
  countOnMismatch?: boolean;
  /** sensors: their metrics, each with a threshold when it has bounds */
  signals?: DemoSignal[];
  /** readers: what they scan (an RFID tag carries MATERIAL|LOT as hex in its EPC) */
  scans?: DemoScan[];
}

const epc = (text: string) => Buffer.from(text).toString("hex");

/**
 * The plant's devices: climate sensors with thresholds (the SMT line's humidity is critical for solder paste),
 * shelf scales under racks of relays, terminal blocks, knobs and boxed toasters, an RFID gate at the receiving
 * dock, a handheld RFID reader and a line-side barcode scanner. `npm run simulate` makes them talk.
 */
export const DEVICES: DemoDevice[] = [
  {
    code: "TEMP-LINE1", name: "Assembly line 1 ambient", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-1", expectedIntervalSeconds: 30,
    signals: [{ metric: "temperature", unit: "C", setPoint: 22, noise: 0.3, low: 15, high: 30 }],
  },
  {
    code: "CLIMATE-SMT", name: "SMT line climate", kind: "SENSOR", warehouseCode: "PLANT-1", locationCode: "LINE-2", expectedIntervalSeconds: 30,
    signals: [
      { metric: "temperature", unit: "C", setPoint: 24, noise: 0.2, low: 18, high: 28 },
      { metric: "humidity", unit: "%", setPoint: 45, noise: 0.8, low: 30, high: 60, severity: "CRITICAL" },
    ],
  },
  {
    code: "TEMP-DC", name: "Distribution centre hall", kind: "SENSOR", warehouseCode: "DC-1", locationCode: "B-01", expectedIntervalSeconds: 60,
    signals: [{ metric: "temperature", unit: "C", setPoint: 18, noise: 0.4, low: 5, high: 30 }],
  },
  { code: "SHELF-A03-RELAY", name: "Shelf scale A03, relays", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "RELAY-10A", expectedIntervalSeconds: 60, countOnMismatch: true },
  { code: "SHELF-A03-TERM", name: "Shelf scale A03, terminal blocks", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-03", materialCode: "TERMINAL-4P", expectedIntervalSeconds: 60, countOnMismatch: true },
  { code: "SHELF-A02-KNOB", name: "Shelf scale A02, browning knobs", kind: "WEIGHT_SENSOR", warehouseCode: "PLANT-1", locationCode: "A-02", materialCode: "KNOB-BROWN", expectedIntervalSeconds: 60, countOnMismatch: true },
  { code: "SHELF-B01-TOASTER", name: "Pallet scale B01, toasters", kind: "WEIGHT_SENSOR", warehouseCode: "DC-1", locationCode: "B-01", materialCode: "TOASTER-2S", expectedIntervalSeconds: 60, countOnMismatch: true },
  {
    code: "RFID-GATE-RECV", name: "Receiving dock RFID gate", kind: "RFID_READER", warehouseCode: "PLANT-1", locationCode: "RECV", expectedIntervalSeconds: 60,
    scans: [
      { there: { action: "RECEIVE", epc: epc("STEEL-SHEET-06|SS-2611-02"), quantity: "1" } },
      { there: { action: "RECEIVE", epc: epc("CABLE-3X075|CB-2611-4"), quantity: "5" } },
    ],
  },
  {
    code: "RFID-HH-1", name: "Handheld RFID reader", kind: "RFID_READER", warehouseCode: "PLANT-1", locationCode: "A-01",
    scans: [{ there: { action: "MOVE", epc: epc("STAINLESS-08|SX-2610-07"), quantity: "2", locationCode: "A-01", toLocationCode: "A-02" }, back: { action: "MOVE", epc: epc("STAINLESS-08|SX-2610-07"), quantity: "2", locationCode: "A-02", toLocationCode: "A-01" } }],
  },
  {
    code: "SCAN-LINE1", name: "Line 1 barcode scanner", kind: "BARCODE_SCANNER", warehouseCode: "PLANT-1", locationCode: "LINE-1",
    scans: [{ there: { action: "MOVE", code: "FEET-RUBBER", quantity: "4", locationCode: "A-02", toLocationCode: "LINE-1" }, back: { action: "MOVE", code: "FEET-RUBBER", quantity: "4", locationCode: "LINE-1", toLocationCode: "A-02" } }],
  },
];
