-- wrk: the home timeline, 40 statuses, as an authenticated client asks for it.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("AGORA_TOKEN")
wrk.headers["Accept"] = "application/json"
