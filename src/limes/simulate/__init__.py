"""The world outside, simulated: smugglers, infiltrators, herds, animals, weather and
faulty sensors along the border, driving the node through its public interfaces (MQTT,
or straight into the surveillance runtime for the demo) and writing down the truth."""
