-- wrk script: GET a WebFinger lookup as a federating server sends it (URL with ?resource= on wrk's command line).
wrk.method = "GET"
wrk.headers["Accept"] = "application/jrd+json"
