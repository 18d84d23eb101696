using System.Globalization;
using Npgsql;
using Ordo.Bench.Baseline;

// The raw baseline of bench/run. One process serves one variant:
//   dotnet Ordo.Bench.Baseline.dll --mode same-sql --sql bench/Baseline/sql --urls http://127.0.0.1:PORT
//   dotnet Ordo.Bench.Baseline.dll --mode ideal --urls http://127.0.0.1:PORT
// Database: ConnectionStrings__Ordo (as Ordo). Ordo's settings that decide answers are passed as Baseline:* options
// (Caller, PaymentWindow, MaxOpenUnpaidOrders, MaxReservedValue, ShippingFee, FreeShippingFrom).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning); // errors only, as plain console lines
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var configuration = builder.Configuration;
var mode = configuration["mode"] ?? throw new ArgumentException("--mode same-sql|ideal is required");
var connectionString = configuration.GetConnectionString("Ordo") ?? throw new ArgumentException("ConnectionStrings__Ordo is required");
var settings = new BaselineSettings
{
    Caller = configuration["Baseline:Caller"] ?? "bench",
    PaymentWindow = TimeSpan.Parse(configuration["Baseline:PaymentWindow"] ?? "00:30:00", CultureInfo.InvariantCulture),
    MaxOpenUnpaidOrders = int.Parse(configuration["Baseline:MaxOpenUnpaidOrders"] ?? "5", CultureInfo.InvariantCulture),
    MaxReservedValue = long.Parse(configuration["Baseline:MaxReservedValue"] ?? "500000", CultureInfo.InvariantCulture),
    ShippingFee = long.Parse(configuration["Baseline:ShippingFee"] ?? "495", CultureInfo.InvariantCulture),
    FreeShippingFrom = long.Parse(configuration["Baseline:FreeShippingFrom"] ?? "5000", CultureInfo.InvariantCulture),
    ResponseKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
};

var app = builder.Build();
app.MapGet("/health/ready", () => Results.Text("Healthy"));
app.Use(StatementCounter.CountAsync);
app.MapGet("/bench/statements", () => Results.Text(StatementCounter.Totals));
var orders = app.MapGroup("/api/v1/orders");
var products = app.MapGroup("/api/v1/products");
switch (mode)
{
    case "same-sql":
        {
            // Ordo's connection string as it is: no statement preparation, as EF Core sends it.
            var dataSource = NpgsqlDataSource.Create(connectionString);
            var api = new SameSqlApi(
                dataSource, settings, configuration["sql"] ?? throw new ArgumentException("--sql DIR is required for same-sql"), app.Services.GetRequiredService<ILogger<SameSqlApi>>());
            orders.MapGet("/{id:guid}", (Guid id, HttpContext http) => api.GetOrderAsync(id, http));
            orders.MapGet("/", api.ListOrdersAsync);
            orders.MapPost("/", api.PlaceOrderAsync);
            orders.MapPost("/{id:guid}/payment", (Guid id, HttpContext http) => api.PayAsync(id, http));
            orders.MapPost("/{id:guid}/shipments", (Guid id, HttpContext http) => api.ShipAsync(id, http));
            orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/deliver", (Guid id, Guid shipmentId, HttpContext http) => api.DeliverAsync(id, shipmentId, http));
            products.MapGet("/{id:guid}", (Guid id, HttpContext http) => api.GetProductAsync(id, http));
            break;
        }

    case "ideal":
        {
            var prepared = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 };
            var dataSource = NpgsqlDataSource.Create(prepared.ConnectionString);
            var api = new IdealApi(dataSource, settings, app.Services.GetRequiredService<ILogger<IdealApi>>());
            orders.MapGet("/{id:guid}", (Guid id, HttpContext http) => api.GetOrderAsync(id, http));
            orders.MapGet("/", api.ListOrdersAsync);
            orders.MapPost("/", api.PlaceOrderAsync);
            orders.MapPost("/{id:guid}/payment", (Guid id, HttpContext http) => api.PayAsync(id, http));
            orders.MapPost("/{id:guid}/shipments", (Guid id, HttpContext http) => api.ShipAsync(id, http));
            orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/deliver", (Guid id, Guid shipmentId, HttpContext http) => api.DeliverAsync(id, shipmentId, http));
            products.MapGet("/{id:guid}", (Guid id, HttpContext http) => api.GetProductAsync(id, http));
            break;
        }

    default:
        throw new ArgumentException($"Unknown --mode '{mode}': same-sql or ideal");
}

await app.RunAsync();
