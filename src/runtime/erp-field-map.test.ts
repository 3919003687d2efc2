import { mapLine, parseFieldMap, type SuggestionLine } from "./erp-field-map";

const line: SuggestionLine = {
  suggestionId: 7,
  runId: 3,
  materialCode: "COMP",
  warehouseCode: "W1",
  quantity: "15",
  uom: "EA",
  supplierCode: "ACME",
  orderDate: "2026-11-30",
  dueDate: "2026-12-14",
};

describe("mapLine", () => {
  it("renames the mapped fields and keeps the others under the hub's names", () => {
    expect(mapLine(line, { materialCode: "MATNR", warehouseCode: "WERKS", quantity: "MENGE" })).toEqual({
      suggestionId: 7,
      runId: 3,
      MATNR: "COMP",
      WERKS: "W1",
      MENGE: "15",
      uom: "EA",
      supplierCode: "ACME",
      orderDate: "2026-11-30",
      dueDate: "2026-12-14",
    });
  });

  it("leaves the line as it is without a map", () => {
    expect(mapLine(line, {})).toEqual(line);
  });

  it("may swap two names", () => {
    expect(mapLine(line, { orderDate: "dueDate", dueDate: "orderDate" })).toMatchObject({ orderDate: "2026-12-14", dueDate: "2026-11-30" });
  });
});

describe("parseFieldMap", () => {
  it("accepts an object of hub fields to ERP names", () => {
    expect(parseFieldMap('{"materialCode":"MATNR","dueDate":"EEIND"}')).toEqual({ materialCode: "MATNR", dueDate: "EEIND" });
    expect(parseFieldMap("{}")).toEqual({});
  });

  it.each([
    ["not JSON", "{materialCode: MATNR}", /expected a JSON object/],
    ["not an object", '["materialCode"]', /expected a JSON object/],
    ["an unknown hub field", '{"material":"MATNR"}', /unknown field "material"; the fields are suggestionId, runId, materialCode/],
    ["an empty name", '{"quantity":" "}', /quantity must map to a non-empty string/],
    ["a name that is not a string", '{"quantity":5}', /quantity must map to a non-empty string/],
    ["two fields on one name", '{"orderDate":"DATE","dueDate":"DATE"}', /two fields would be sent as "DATE"/],
    ["a field on another's unmapped name", '{"orderDate":"dueDate"}', /two fields would be sent as "dueDate"/],
  ])("refuses %s", (_label, text, message) => {
    expect(() => parseFieldMap(text)).toThrow(message);
  });
});
