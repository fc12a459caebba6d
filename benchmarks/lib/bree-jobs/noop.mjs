// bree job: does nothing (bree runs every job in a worker)
