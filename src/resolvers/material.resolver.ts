import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { MASTER_DATA, READ } from "../auth/roles";
import { visibleOnly } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { MaterialRow } from "../domain/materials";
import { codeArg, optionalRefOf } from "../domain/shared/ref";
import { Bom, BomLine } from "../schema/bom.types";
import { PageArgs } from "../schema/connection";
import { columnsFor, columnsUnder } from "./look-ahead";
import { Lot, StockBalance } from "../schema/inventory.types";
import { CreateMaterialInput, Material, MaterialConnection, MaterialFilter, MaterialUnit, UnitOfMeasure, UpdateMaterialInput } from "../schema/material.types";
import { SupplierItem, SupplierPrice } from "../schema/supplier.types";
import { RoutingOperation, StandardCost, Substitute } from "../schema/master-data.types";
import { pageWindow } from "./page";
import { BALANCE_SHAPE, BOM_LINE_SHAPE, MATERIAL_SHAPE } from "./row-shapes";


@Resolver(() => Material)
export class MaterialResolver {
  @Authorized(...READ)
  @Query(() => MaterialConnection, { description: "Materials in id order, filtered and paginated (Relay)" })
  async materials(
    @Args() page: PageArgs,
    @Arg("filter", () => MaterialFilter, { nullable: true }) filter: MaterialFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<MaterialConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const result = await ctx.services.materials.find(filter ?? {}, afterId, limit);
    for (const r of result.rows) ctx.loaders.material.prime(r.id, r);
    return MaterialConnection.from(result, afterId);
  }

  @Authorized(...READ)
  @Query(() => Material, { nullable: true, description: "A material by id or by code (give one)" })
  async material(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("code", () => String, { nullable: true }) code: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const ref = codeArg("Material", id, code);
    return "id" in ref ? ctx.loaders.material.load(ref.id) : ctx.loaders.materialByCode.load(ref.code.toUpperCase());
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Material)
  createMaterial(@Arg("input") input: CreateMaterialInput, @Ctx() ctx: RequestContext) {
    return ctx.services.materials.create(input, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Material, { description: "Creates the material, or changes the given fields of the one with that code (ERP master-data sync)" })
  syncMaterial(@Arg("input") input: CreateMaterialInput, @Ctx() ctx: RequestContext) {
    return ctx.services.materials.sync(input, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Material, { description: "Changes the given fields; with expectedVersion, refuses (CONFLICT) if someone changed it since" })
  async updateMaterial(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("code", () => String, { nullable: true }) code: string | undefined,
    @Arg("input") input: UpdateMaterialInput,
    @Arg("expectedVersion", () => Int, { nullable: true }) expectedVersion: number | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.materials.update(await materialId(ctx, id, code), input, ctx.principal!, expectedVersion);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Material)
  async archiveMaterial(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("code", () => String, { nullable: true }) code: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.materials.archive(await materialId(ctx, id, code), ctx.principal!);
  }

  @FieldResolver(() => UnitOfMeasure)
  uom(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(m.uomCode);
  }

  @FieldResolver(() => [MaterialUnit], { description: "Alternative units it may be received, issued and scanned in" })
  units(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unitsOfMaterial.load(m.id);
  }

  @FieldResolver(() => [SupplierItem], { description: "Who delivers it, on which terms; the preferred supplier first" })
  suppliers(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.supplierItemsOfMaterial.load(m.id);
  }

  @FieldResolver(() => [SupplierPrice], { description: "Supplier prices, by supplier and validity" })
  supplierPrices(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.supplierPricesOfMaterial.load(m.id);
  }

  @FieldResolver(() => [Substitute], { description: "Materials that may replace it, by priority" })
  substitutes(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.substitutesOfMaterial.load(m.id);
  }

  @FieldResolver(() => [StandardCost], { description: "Standard cost history, newest first" })
  standardCosts(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.costsOfMaterial.load(m.id);
  }

  @FieldResolver(() => [RoutingOperation], { description: "How it is made (work orders copy it); empty when it has no routing" })
  routing(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.routingOfMaterial.load(m.id);
  }

  @FieldResolver(() => [BomLine], { description: "Lines of the material's BOM (empty when it has none)" })
  bomLines(@Root() m: MaterialRow, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const columns = columnsFor(info, BOM_LINE_SHAPE);
    if (!columns) return ctx.loaders.bomLines.load(m.id);
    const componentColumns = columnsUnder(info, "component", MATERIAL_SHAPE);
    return (componentColumns ? ctx.loaders.lookAhead.bomLinesWithComponents(columns, componentColumns) : ctx.loaders.lookAhead.bomLinesWith(columns)).load(m.id);
  }

  @FieldResolver(() => Bom, { nullable: true })
  bom(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.bomOfMaterial.load(m.id);
  }

  @FieldResolver(() => [StockBalance], { description: "Non-empty balances by location and lot" })
  async balances(
    @Root() m: MaterialRow,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    const columns = columnsFor(info, BALANCE_SHAPE);
    const all = await (columns ? ctx.loaders.lookAhead.balancesWith(columns) : ctx.loaders.balancesOfMaterial).load(m.id);
    const rows = visibleOnly(ctx.principal!, all, (b) => b.warehouseCode);
    if (!warehouse) return rows;
    return rows.filter((b) => ("id" in warehouse ? b.warehouseId === warehouse.id : b.warehouseCode === warehouse.code.toUpperCase()));
  }

  @FieldResolver(() => [Lot])
  async lots(@Root() m: MaterialRow, @Ctx() ctx: RequestContext) {
    return visibleOnly(ctx.principal!, await ctx.loaders.lotsOfMaterial.load(m.id), (l) => l.warehouseCode);
  }
}

@Resolver(() => BomLine)
export class BomLineResolver {
  @FieldResolver(() => Material)
  async component(@Root() line: { componentId: number }, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const columns = columnsFor(info, MATERIAL_SHAPE);
    return (columns ? ctx.loaders.lookAhead.materialsWith(columns) : ctx.loaders.material).load(line.componentId);
  }
}

/** The id of the material named by `id` or `code`, archived ones included. */
async function materialId(ctx: RequestContext, id: string | undefined, code: string | undefined): Promise<number> {
  return (await ctx.services.materials.named(codeArg("Material", id, code), { archived: true })).id;
}
