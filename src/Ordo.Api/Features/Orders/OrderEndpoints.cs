using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Jobs;

namespace Ordo.Api.Features.Orders;

public static class OrderEndpoints
{
    public static IServiceCollection AddOrdoOrders(this IServiceCollection services)
    {
        services.AddOptions<OrderOptions>().BindConfiguration(OrderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrderOptions>, OrderOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<OrderOptions>>().Value.ToPolicy());
        services.AddSingleton<ExpireUnpaidOrders>();
        services.AddScheduledJob<ExpireUnpaidOrders>(ExpireUnpaidOrders.JobName, provider =>
            JobSchedule.Every(provider.GetRequiredService<IOptions<OrderOptions>>().Value.ExpirySweepInterval));
        services.AddScheduledJob<SummariseDailySales>(SummariseDailySales.JobName, _ => SummariseDailySales.Schedule);
        services.AddJsonTypes(OrdersJsonContext.Default);
        return services;
    }

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
