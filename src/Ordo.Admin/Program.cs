using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Ordo.Admin;
using Ordo.Admin.Api;
using Ordo.Admin.Auth;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

var settings = PanelSettings.From(new Uri(builder.HostEnvironment.BaseAddress), builder.Configuration["ApiBaseAddress"]);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(new HttpClient { BaseAddress = settings.ApiBase });
builder.Services.AddSingleton<TokenSession>();
builder.Services.AddSingleton<IPendingSignInStore, SessionStoragePendingSignIns>();
builder.Services.AddSingleton<SignInFlow>();
builder.Services.AddSingleton<OrdoApi>();
builder.Services.AddSingleton<CurrentUser>();

await builder.Build().RunAsync();
