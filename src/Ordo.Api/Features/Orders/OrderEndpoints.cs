namespace Ordo.Api.Features.Orders;

public static class OrderEndpoints
{
    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");
        orders.MapPlaceOrder();
        orders.MapListOrders();
        orders.MapExportOrders();
        orders.MapGetOrder();
        orders.MapUpdateOrder();
        orders.MapPayOrder();
        orders.MapCancelOrder();
        orders.MapRefundOrder();
        orders.MapGetRefund();
        orders.MapShipOrder();
        orders.MapGetShipment();
        orders.MapDeliverShipment();
        orders.MapListOrderEvents();
        return api;
    }
}
