import { PermanentFailure } from "../retry";
import { deviceTopicFilters, parseDeviceTopic, scanResultTopic } from "./device-topics";

describe("device topics", () => {
  it("names the warehouse, the device and the kind of message", () => {
    expect(parseDeviceTopic("hub", "hub/PLANT-1/devices/T-1/readings")).toEqual({ warehouseCode: "PLANT-1", deviceCode: "T-1", kind: "readings" });
    expect(parseDeviceTopic("site/a/hub", "site/a/hub/W2/devices/RF-9/scans")).toEqual({ warehouseCode: "W2", deviceCode: "RF-9", kind: "scans" });
  });

  it.each(["hub/PLANT-1/devices/T-1", "hub/PLANT-1/devices/T-1/scans/result", "hub/PLANT-1/sensors/T-1/readings", "hub//devices/T-1/readings", "other/PLANT-1/devices/T-1/readings", "hubx/P/devices/T/readings"])(
    "refuses %s for good",
    (topic) => {
      expect(() => parseDeviceTopic("hub", topic)).toThrow(PermanentFailure);
    },
  );

  it("listens to readings and scans only, and answers scans beside them", () => {
    for (const filter of deviceTopicFilters("hub")) expect(filter).toMatch(/^hub\/\+\/devices\/\+\/(readings|scans)$/);
    expect(scanResultTopic("hub/P/devices/RF-1/scans")).toBe("hub/P/devices/RF-1/scans/result");
  });
});
