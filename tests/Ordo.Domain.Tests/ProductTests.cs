using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class ProductTests
{
    [Fact]
    public void A_new_product_is_active_with_a_normalised_sku_and_no_stock()
    {
        var product = Ok(Product.Create(Ok(Sku.Create("  ab-12.x_y ")), " Widget ", "  ", Eur(1_000), Now));

        Assert.Equal("AB-12.X_Y", product.Sku.Value);
        Assert.Equal("Widget", product.Name);
        Assert.Null(product.Description);
        Assert.Equal(ProductStatus.Active, product.Status);
        Assert.Equal(0, product.StockAvailable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB 12")]
    [InlineData("ÄB")]
    public void A_malformed_sku_is_rejected(string sku)
    {
        Assert.Equal("invalid_sku", Failed(Sku.Create(sku)).Code);
    }

    [Fact]
    public void A_sku_longer_than_64_characters_is_rejected()
    {
        Assert.True(Sku.Create(new string('A', 64)).IsSuccess);
        Assert.Equal("invalid_sku", Failed(Sku.Create(new string('A', 65))).Code);
    }

    [Fact]
    public void A_negative_price_or_missing_name_is_rejected()
    {
        var sku = Ok(Sku.Create("W-1"));

        Assert.Equal("invalid_unit_price", Failed(Product.Create(sku, "Widget", null, Eur(-1), Now)).Code);
        Assert.Equal("invalid_name", Failed(Product.Create(sku, " ", null, Eur(1), Now)).Code);
        Assert.Equal("invalid_description", Failed(Product.Create(sku, "Widget", new string('x', 4001), Eur(1), Now)).Code);
    }

    [Fact]
    public void Receiving_stock_adds_to_on_hand_and_records_a_receipt()
    {
        var product = NewProduct();

        var movement = Ok(product.ReceiveStock(20, "delivery 42", Later));

        Assert.Equal(20, product.StockOnHand);
        Assert.Equal((StockMovementKind.Receipt, 20, "delivery 42"), (movement.Kind, movement.Quantity, movement.Reason));
        Assert.Equal(product.Id, movement.ProductId);
        Assert.Equal(Later, movement.OccurredAt);
    }

    [Fact]
    public void Reserving_more_than_available_is_a_conflict_and_changes_nothing()
    {
        var product = NewProduct(stock: 5);
        Ok(product.Reserve(3, Guid.NewGuid(), Now));

        var error = Failed(product.Reserve(3, Guid.NewGuid(), Now));

        Assert.Equal(("insufficient_stock", ErrorKind.Conflict), (error.Code, error.Kind));
        var shortfall = Assert.Single((IEnumerable<IReadOnlyDictionary<string, object?>>)error.Details["shortfalls"]!);
        Assert.Equal((product.Id, 3, 2), ((Guid)shortfall["productId"]!, (int)shortfall["requested"]!, (int)shortfall["available"]!));
        Assert.Equal(["WIDGET-1"], (IEnumerable<string>)error.Details["skus"]!);
        Assert.Equal((5, 3), (product.StockOnHand, product.StockReserved));
    }

    [Fact]
    public void Reserving_releasing_and_shipping_record_signed_movements_for_the_order()
    {
        var product = NewProduct(stock: 10);
        var orderId = Guid.NewGuid();

        var reserved = Ok(product.Reserve(4, orderId, Now));
        var released = Ok(product.Release(1, orderId, Now));
        var shipped = Ok(product.Ship(2, orderId, Now));

        Assert.Equal((StockMovementKind.Reservation, 4), (reserved.Kind, reserved.Quantity));
        Assert.Equal((StockMovementKind.Release, -1), (released.Kind, released.Quantity));
        Assert.Equal((StockMovementKind.Shipment, -2), (shipped.Kind, shipped.Quantity));
        Assert.All([reserved, released, shipped], m => Assert.Equal(orderId, m.OrderId));
        Assert.Equal((8, 1, 7), (product.StockOnHand, product.StockReserved, product.StockAvailable));
    }

    [Fact]
    public void Releasing_or_shipping_more_than_is_reserved_is_a_conflict()
    {
        var product = NewProduct(stock: 10);
        Ok(product.Reserve(2, Guid.NewGuid(), Now));

        Assert.Equal("exceeds_reserved_stock", Failed(product.Release(3, Guid.NewGuid(), Now)).Code);
        Assert.Equal("exceeds_reserved_stock", Failed(product.Ship(3, Guid.NewGuid(), Now)).Code);
        Assert.Equal((10, 2), (product.StockOnHand, product.StockReserved));
    }

    [Fact]
    public void Adjusting_on_hand_below_what_is_reserved_is_refused()
    {
        var product = NewProduct(stock: 10);
        Ok(product.Reserve(6, Guid.NewGuid(), Now));

        var error = Failed(product.AdjustStock(-5, "damaged", Now));
        var movement = Ok(product.AdjustStock(-4, "damaged", Now));

        Assert.Equal(("stock_below_reserved", ErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Equal((StockMovementKind.Adjustment, -4, "damaged"), (movement.Kind, movement.Quantity, movement.Reason));
        Assert.Equal((6, 6), (product.StockOnHand, product.StockReserved));
    }

    [Fact]
    public void Manual_stock_movements_need_a_reason_and_a_sensible_quantity()
    {
        var product = NewProduct(stock: 1);

        Assert.Equal("invalid_reason", Failed(product.ReceiveStock(1, " ", Now)).Code);
        Assert.Equal("invalid_quantity", Failed(product.ReceiveStock(0, "count", Now)).Code);
        Assert.Equal("invalid_quantity", Failed(product.ReceiveStock(int.MaxValue, "count", Now)).Code);
        Assert.Equal("invalid_delta", Failed(product.AdjustStock(0, "count", Now)).Code);
        Assert.Equal("invalid_quantity", Failed(product.Reserve(0, Guid.NewGuid(), Now)).Code);
    }

    [Fact]
    public void Archiving_is_idempotent()
    {
        var product = NewProduct();

        product.Archive(Now);
        product.Archive(Later);

        Assert.Equal(ProductStatus.Archived, product.Status);
        Assert.Equal(Now, product.UpdatedAt);
    }

    [Theory]
    [InlineData(10, 4, 6, true)]
    [InlineData(10, 4, 7, false)]
    [InlineData(0, 0, 1, false)]
    public void Stock_can_be_reserved_only_from_what_is_available(int onHand, int reserved, int quantity, bool expected)
    {
        Assert.Equal(expected, StockRules.CanReserve(onHand, reserved, quantity));
    }

    private enum StockOperation
    {
        Receive,
        Adjust,
        Reserve,
        Release,
        Ship,
    }

    [Property]
    public Property Any_sequence_of_stock_operations_keeps_reserved_between_zero_and_on_hand()
    {
        var operation = Gen.Elements(Enum.GetValues<StockOperation>()).Zip(Gen.Choose(-20, 20));
        return Prop.ForAll(Gen.ListOf(operation).ToArbitrary(), operations =>
        {
            var product = NewProduct();
            var ledger = new List<StockMovement>();
            foreach (var (kind, quantity) in operations)
            {
                var (onHand, reserved) = (product.StockOnHand, product.StockReserved);
                var result = Apply(product, kind, quantity);
                if (result.IsSuccess)
                {
                    ledger.Add(result.Value);
                }
                else if ((onHand, reserved) != (product.StockOnHand, product.StockReserved))
                {
                    return false;
                }

                if (product.StockReserved < 0 || product.StockReserved > product.StockOnHand)
                {
                    return false;
                }
            }

            // The ledger explains the counters exactly.
            var onHandFromLedger = ledger
                .Where(m => m.Kind is StockMovementKind.Receipt or StockMovementKind.Adjustment or StockMovementKind.Shipment)
                .Sum(m => m.Quantity);
            var reservedFromLedger = ledger
                .Where(m => m.Kind is StockMovementKind.Reservation or StockMovementKind.Release or StockMovementKind.Shipment)
                .Sum(m => m.Quantity);
            return onHandFromLedger == product.StockOnHand && reservedFromLedger == product.StockReserved;
        });
    }

    private static Result<StockMovement> Apply(Product product, StockOperation operation, int quantity) => operation switch
    {
        StockOperation.Receive => product.ReceiveStock(quantity, "count", Now),
        StockOperation.Adjust => product.AdjustStock(quantity, "count", Now),
        StockOperation.Reserve => product.Reserve(quantity, Guid.NewGuid(), Now),
        StockOperation.Release => product.Release(quantity, Guid.NewGuid(), Now),
        StockOperation.Ship => product.Ship(quantity, Guid.NewGuid(), Now),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
