namespace AetherFS.Hub.Security;

/// <summary>The answer of <c>GET /api/v1/auth/whoami</c>: <c>{"name":"alice","kind":"user","admin":false}</c>.</summary>
public sealed record WhoAmIResponse(string Name, string Kind, bool Admin);
