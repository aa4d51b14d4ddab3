namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// Every AetherFS metric family the hub and the agent export, as Prometheus names. Dashboards and alerts depend on
/// these: a rename fails the tests until this list, docs/metrics.md and the Grafana dashboard change with it.
/// </summary>
public static class MetricNames
{
    public static readonly string[] Hub =
    [
        "aetherfs_hub_build_info",
        "aetherfs_hub_requests_total",
        "aetherfs_hub_request_duration_seconds",
        "aetherfs_hub_served_bytes_total",
        "aetherfs_hub_received_bytes_total",
        "aetherfs_hub_pushes_total",
        "aetherfs_hub_push_duration_seconds",
        "aetherfs_hub_pulls_total",
        "aetherfs_hub_gc_runs_total",
        "aetherfs_hub_gc_freed_bytes_total",
        "aetherfs_hub_gc_duration_seconds",
        "aetherfs_hub_storage_operations_total",
        "aetherfs_hub_storage_operation_duration_seconds",
    ];

    public static readonly string[] Agent =
    [
        "aetherfs_agent_build_info",
        "aetherfs_agent_requests_total",
        "aetherfs_agent_request_duration_seconds",
        "aetherfs_agent_served_bytes_total",
        "aetherfs_agent_received_bytes_total",
        "aetherfs_agent_syncs_total",
        "aetherfs_agent_sync_duration_seconds",
        "aetherfs_agent_sync_lag_seconds",
        "aetherfs_agent_subscriptions",
        "aetherfs_agent_blocks_total",
        "aetherfs_agent_block_bytes_total",
        "aetherfs_agent_cache_size_bytes",
        "aetherfs_agent_cache_capacity_bytes",
        "aetherfs_agent_cache_evictions_total",
        "aetherfs_agent_cache_evicted_bytes_total",
        "aetherfs_agent_peers",
        "aetherfs_agent_peer_verify_failures_total",
        "aetherfs_agent_block_fetches_joined_total",
    ];
}
