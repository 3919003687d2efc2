import type { ImportKind } from "../import.types";
import { materialsKind } from "./materials";
import { openingStockKind } from "./opening-stock";

/** Every kind of record the hub imports; a new kind is one file in this folder, listed here. */
export const IMPORT_KINDS: readonly ImportKind<any, any>[] = [materialsKind, openingStockKind];
